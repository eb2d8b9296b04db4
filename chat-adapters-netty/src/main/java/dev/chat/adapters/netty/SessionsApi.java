package dev.chat.adapters.netty;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Accounts;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Accounts and sessions: register, sign in and out (the session cookie), passwords, who am I. */
final class SessionsApi {

    private final Accounts accounts;
    private final ServerSettings settings;

    SessionsApi(Accounts accounts, ServerSettings settings) {
        this.accounts = accounts;
        this.settings = settings;
    }

    FullHttpResponse register(HttpCall call) {
        String username = call.text("username");
        String password = call.text("password");
        String name = accounts.register(Username.of(username), new Password(password), call.from)
                .value();
        return HttpResponses.json(HttpResponseStatus.CREATED, Json.object().put("username", name));
    }

    FullHttpResponse login(HttpCall call) {
        return signedIn(call, accounts.login(call.text("username"), call.text("password"), call.from));
    }

    FullHttpResponse guest(HttpCall call) {
        return signedIn(call, accounts.continueAsGuest(call.from));
    }

    FullHttpResponse logout(HttpCall call) {
        accounts.logout(call.token);
        FullHttpResponse response = HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
        response.headers().add(HttpHeaderNames.SET_COOKIE, Credentials.clearedCookie(call.secure));
        return response;
    }

    FullHttpResponse changePassword(HttpCall call) {
        Principal who = call.principal(accounts);
        String current = call.text("currentPassword");
        Password next = new Password(call.text("newPassword"));
        accounts.changePassword(who, current, next, call.from);
        return HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    }

    FullHttpResponse resetPassword(HttpCall call) {
        String token = call.text("token");
        Password password = new Password(call.text("password"));
        Username user = accounts.resetPassword(token, password, call.from);
        return HttpResponses.json(HttpResponseStatus.OK, Json.object().put("username", user.value()));
    }

    FullHttpResponse me(HttpCall call) {
        return HttpResponses.json(HttpResponseStatus.OK, principalJson(call.principal(accounts)));
    }

    /** Like {@code /api/me}, but "signed out" is an answer, not a 401: a page can ask without an error. */
    FullHttpResponse session(HttpCall call) {
        return accounts.authenticate(call.token)
                .map(who -> HttpResponses.json(
                        HttpResponseStatus.OK, principalJson(who).put("signedIn", true)))
                .orElseGet(() ->
                        HttpResponses.json(HttpResponseStatus.OK, Json.object().put("signedIn", false)));
    }

    FullHttpResponse config() {
        return HttpResponses.json(HttpResponseStatus.OK, Json.object().put("guests", accounts.guestsAllowed()));
    }

    private FullHttpResponse signedIn(HttpCall call, Accounts.SignedIn signedIn) {
        ObjectNode body = principalJson(signedIn.principal());
        body.put("token", signedIn.token());
        FullHttpResponse response = HttpResponses.json(HttpResponseStatus.OK, body);
        response.headers()
                .add(
                        HttpHeaderNames.SET_COOKIE,
                        Credentials.sessionCookie(signedIn.token(), settings.sessionMaxAge(), call.secure));
        return response;
    }

    private static ObjectNode principalJson(Principal who) {
        return Json.object()
                .put("username", who.user().value())
                .put("guest", who.guest())
                .put("admin", who.admin());
    }
}
