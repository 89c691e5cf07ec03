package directory

import (
	"cmp"
	"context"
	"slices"

	"golang.org/x/sync/errgroup"
)

// fanOut calls fn for each key with at most limit calls at a time and returns
// the results in key order. The first error cancels the calls still running,
// stops new ones from starting, and is returned.
func fanOut[K, V any](ctx context.Context, limit int, keys []K, fn func(context.Context, K) (V, error)) ([]V, error) {
	out := make([]V, len(keys))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for i, key := range keys {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			v, err := fn(gctx, key)
			if err != nil {
				return err
			}
			out[i] = v
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	// The loop may stop early on a cancelled parent with no call having failed.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// fanOutMap is fanOut with the results keyed by their key. Duplicate keys are
// fetched once.
func fanOutMap[V any](ctx context.Context, limit int, keys []string, fn func(context.Context, string) (V, error)) (map[string]V, error) {
	keys = uniqueStrings(keys)
	vals, err := fanOut(ctx, limit, keys, fn)
	if err != nil {
		return nil, err
	}
	out := make(map[string]V, len(keys))
	for i, k := range keys {
		out[k] = vals[i]
	}
	return out, nil
}

// sortedUniqueBy returns a sorted copy of items with one item per key (the first
// the source returned). Sorting a copy keeps the source's own slices untouched;
// deduplicating guards against an item seen twice when the collection changes
// between two pages.
func sortedUniqueBy[T any](items []T, key func(T) string) []T {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	return slices.CompactFunc(out, func(a, b T) bool { return key(a) == key(b) })
}

// uniqueStrings returns the sorted distinct values of ss, without empty strings.
func uniqueStrings(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	return out
}
