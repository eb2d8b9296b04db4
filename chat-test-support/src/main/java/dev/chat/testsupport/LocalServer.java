package dev.chat.testsupport;

/** What every server a test launches can be asked and told: its PID, whether it runs, kill, restart, close. */
public abstract class LocalServer implements AutoCloseable {

    protected final LocalProcess process;

    protected LocalServer(LocalProcess process) {
        this.process = process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /** Kills the server at once (SIGKILL), as a crash or a network cut would look to its clients. */
    public void kill() {
        process.kill();
    }

    /** Kills the server and starts it again on the same port. */
    public void restart() {
        process.restart();
    }

    @Override
    public void close() {
        process.close();
    }
}
