package directory

import (
	"context"
	"fmt"
	"sync"
)

// memo is a keyed, lazily filled cache where concurrent callers of the same key
// share one in-flight fetch.
//
// Unlike a plain singleflight, the fetch does not run on the first caller's
// context: it runs in its own goroutine on a context that keeps the caller's
// values but not its cancellation or deadline. Each caller waits on its own ctx,
// so one caller giving up never fails the others. The fetch is cancelled only
// when every caller waiting for it has given up, so abandoned work stops
// spending rate-limit budget.
//
// Successes are kept forever (for the snapshot's lifetime); errors are handed to
// every caller that waited for that fetch and then forgotten, so the next caller
// retries.
type memo[V any] struct {
	mu      sync.Mutex
	vals    map[string]V
	flights map[string]*flight[V]

	// running counts the flights whose run has not finished. Nothing in the
	// snapshot waits on it: it lets a test know that no fetch is still about
	// to start, so "no fetch ran" can be asserted without sleeping.
	running sync.WaitGroup
}

// flight is one in-flight fetch. val and err are written before done is closed
// and read only after it is.
type flight[V any] struct {
	done    chan struct{}
	val     V
	err     error
	waiters int // guarded by memo.mu
	cancel  context.CancelFunc
}

// get returns the value for key, calling fetch if no value is cached and no
// fetch is in flight.
func (m *memo[V]) get(ctx context.Context, key string, fetch func(context.Context) (V, error)) (V, error) {
	var zero V
	m.mu.Lock()
	if v, ok := m.vals[key]; ok {
		m.mu.Unlock()
		return v, nil
	}
	if err := ctx.Err(); err != nil {
		// Do not start (or join) work for a caller that is already gone.
		m.mu.Unlock()
		return zero, err
	}
	f, ok := m.flights[key]
	if !ok {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight[V]{done: make(chan struct{}), cancel: cancel}
		if m.flights == nil {
			m.flights = make(map[string]*flight[V])
		}
		m.flights[key] = f
		m.running.Add(1)
		go m.run(fctx, key, f, fetch)
	}
	f.waiters++
	m.mu.Unlock()

	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		m.leave(key, f)
		return zero, ctx.Err()
	}
}

// leave records that one waiter of f gave up, and cancels f when it was the
// last. A cancelled flight is unregistered at once so that a caller arriving
// later starts a fresh fetch instead of joining a doomed one.
func (m *memo[V]) leave(key string, f *flight[V]) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f.waiters--
	if f.waiters > 0 {
		return
	}
	select {
	case <-f.done:
		return
	default:
	}
	f.cancel()
	if m.flights[key] == f {
		delete(m.flights, key)
	}
}

func (m *memo[V]) run(ctx context.Context, key string, f *flight[V], fetch func(context.Context) (V, error)) {
	defer m.running.Done()
	defer f.cancel()
	v, err := callSafely(ctx, key, fetch)

	m.mu.Lock()
	defer m.mu.Unlock()
	if m.flights[key] == f {
		delete(m.flights, key)
	}
	if err == nil {
		// An abandoned flight that still succeeded may race a newer one for the
		// same key; the first value stored wins so every caller sees one slice.
		if stored, ok := m.vals[key]; ok {
			v = stored
		} else {
			if m.vals == nil {
				m.vals = make(map[string]V)
			}
			m.vals[key] = v
		}
	}
	f.val, f.err = v, err
	close(f.done)
}

// peek returns the cached value for key without fetching.
func (m *memo[V]) peek(key string) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.vals[key]
	return v, ok
}

// callSafely runs fetch and turns a panic into an error: the fetch runs on a
// goroutine of its own, where a panic would otherwise kill the provider process
// and leave every waiter hanging.
func callSafely[V any](ctx context.Context, key string, fetch func(context.Context) (V, error)) (v V, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("directory: internal error while fetching %q: %v", key, r)
		}
	}()
	return fetch(ctx)
}

// put stores v for key, replacing what is cached. It is for seeding from an
// earlier snapshot and for replayed changes, which run before any caller reads
// the key.
func (m *memo[V]) put(key string, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.vals == nil {
		m.vals = make(map[string]V)
	}
	m.vals[key] = v
}

// drop forgets key's cached value, so the next get fetches it.
func (m *memo[V]) drop(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.vals, key)
}

// dropAll forgets every cached value.
func (m *memo[V]) dropAll() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.vals = nil
}

// values returns a copy of the cached values by key.
func (m *memo[V]) values() map[string]V {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]V, len(m.vals))
	for k, v := range m.vals {
		out[k] = v
	}
	return out
}
