package dev.chat.cli.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The users a bench run signs in (or starts as guests) before it, and signs out after it. */
final class BenchAccounts {

    private static final SecureRandom RANDOM = new SecureRandom();

    private BenchAccounts() {}

    /** Signs in users {@code prefix}0 … {@code prefix}{@code users - 1}, {@code concurrency} at a time. */
    static String[] signIn(BenchHttp http, int users, String prefix, String secret, boolean guests, int concurrency)
            throws BenchException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, users)));
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                String name = prefix + u;
                tokens.add(pool.submit(() -> guests ? http.guest() : http.signIn(name, secret)));
            }
            String[] result = new String[users];
            for (int u = 0; u < users; u++) {
                try {
                    result[u] = tokens.get(u).get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof BenchException be) {
                        throw be;
                    }
                    throw new BenchException("sign-in failed: " + e.getCause());
                }
            }
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    static void signOut(BenchHttp http, String[] tokens, int concurrency) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, tokens.length)));
        for (String token : tokens) {
            pool.execute(() -> http.signOut(token));
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }

    static String randomId(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
