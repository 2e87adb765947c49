package io.samsa.broker.handlers;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Joins per-item answers (one per group of a batched request) into one, in request order. Stateless. */
final class Futures {
    private Futures() {
    }

    static <T> CompletableFuture<List<T>> allAsList(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }
}
