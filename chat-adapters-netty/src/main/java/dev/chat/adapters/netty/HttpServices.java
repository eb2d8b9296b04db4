package dev.chat.adapters.netty;

import java.util.concurrent.Executor;

/**
 * What every connection's HTTP handler shares: the use cases, the settings, the pools work runs on (password
 * hashing on a pool of its own), and the checks made of every request.
 */
record HttpServices(
        ChatApi api,
        ServerSettings settings,
        Executor worker,
        Executor auth,
        Origins origins,
        Hosts hosts,
        ClientAddresses addresses,
        StaticFiles files,
        ServerTelemetry telemetry) {

    static HttpServices of(
            ChatApi api,
            ServerSettings settings,
            Executor worker,
            Executor auth,
            ClassLoader loader,
            ServerTelemetry telemetry) {
        return new HttpServices(
                api,
                settings,
                worker,
                auth,
                new Origins(settings.allowedOrigins(), settings.publicUrl()),
                new Hosts(settings.allowedHosts(), settings.publicUrl()),
                new ClientAddresses(settings.trustedProxies()),
                new StaticFiles("static", loader),
                telemetry);
    }
}
