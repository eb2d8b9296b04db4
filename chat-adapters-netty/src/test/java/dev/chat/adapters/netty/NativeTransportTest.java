package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * On the machines the server runs on (x86-64 Linux) the native epoll library must load, or the server would quietly
 * fall back to the slower NIO transport; and it must be the library of the same Netty as its Java classes. A library
 * of another version loads and serves, and then fails on a native method it lacks only when the first socket error
 * is turned into an exception (seen: 4.2.18's library with 4.2.20's classes cut every sender of a bench run, with
 * {@code UnsatisfiedLinkError: errnoENAMETOOLONG}), so the error table is read here.
 */
class NativeTransportTest {

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void the_server_runs_on_epoll_on_x86_64_linux() {
        assertThat(Epoll.isAvailable())
                .as("epoll: %s", String.valueOf(Epoll.unavailabilityCause()))
                .isTrue();
        assertThat(NettyChatServer.epoll()).isTrue();
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void the_native_library_is_the_one_of_this_netty() throws Exception {
        // Loading the class runs its static initialiser, which asks the library for every errno it knows.
        Class.forName("io.netty.channel.unix.Errors", true, getClass().getClassLoader());
        assertThat(io.netty.channel.unix.Errors.ERRNO_EAGAIN_NEGATIVE).isNegative();
    }
}
