package io.samsa.metadata;

import java.util.Optional;
import java.util.stream.Stream;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCacheStorage;

/**
 * {@link org.apache.curator.framework.recipes.cache.CuratorCache} storage that keeps no data bytes (the store keeps the decoded values) and that treats a
 * znode re-created under the same path as new.
 *
 * <p>Why: {@code CuratorCacheImpl.putStorage} reports a change only when the stored and fetched data
 * <em>versions</em> differ. A znode deleted and re-created while the cache was disconnected (a topic deleted
 * and re-created by another broker, a broker re-registered under a new session) comes back at version 0, as
 * the old one may have been, and the change would go unreported. Returning "nothing stored" when the
 * {@code czxid} differs makes the cache report it as created and re-read its children.
 */
final class IncarnationAwareStorage implements CuratorCacheStorage {
    private final CuratorCacheStorage delegate = CuratorCacheStorage.dataNotCached();

    @Override
    public Optional<ChildData> put(ChildData data) {
        Optional<ChildData> previous = delegate.put(data);
        if (previous.isPresent() && previous.get().getStat().getCzxid() != data.getStat().getCzxid()) {
            return Optional.empty();
        }
        return previous;
    }

    @Override
    public Optional<ChildData> remove(String path) {
        return delegate.remove(path);
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    @Override
    public Optional<ChildData> get(String path) {
        return delegate.get(path);
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public Stream<ChildData> stream() {
        return delegate.stream();
    }
}
