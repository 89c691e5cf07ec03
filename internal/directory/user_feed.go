package directory

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// pageFeed hands the pages of a users fetch to subscribers as they arrive. In a
// large org the user list is hundreds of sequential cursor pages (20 s at 100k
// users), and the factor lists, one request per user in another bucket, are the
// floor of the whole plan: waiting for the last page before asking for the
// first user's factors would add the list's time to the floor.
type pageFeed struct {
	mu    sync.Mutex
	pages [][]okta.User
	done  bool
	err   error
	wake  chan struct{} // closed, then replaced, at every change
}

func newPageFeed() *pageFeed { return &pageFeed{wake: make(chan struct{})} }

func (f *pageFeed) publish(page []okta.User) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pages = append(f.pages, page)
	close(f.wake)
	f.wake = make(chan struct{})
}

func (f *pageFeed) finish(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.done, f.err = true, err
	close(f.wake)
	f.wake = make(chan struct{})
}

// since returns the pages from index i on, whether the fetch has ended (and how),
// and a channel closed at the feed's next change.
func (f *pageFeed) since(i int) (pages [][]okta.User, wake <-chan struct{}, done bool, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if i < len(f.pages) {
		pages = f.pages[i:]
	}
	return pages, f.wake, f.done, f.err
}

// userFeed returns the feed of the users fetch, creating it for the fetch (or
// the subscriber) that comes first.
func (s *Snapshot) userFeed() *pageFeed {
	s.feedMu.Lock()
	defer s.feedMu.Unlock()
	if s.feed == nil {
		s.feed = newPageFeed()
	}
	return s.feed
}

// endUserFeed ends f and detaches it, so that a fetch retried after a failure
// gets a fresh feed and later subscribers read the memoized list instead.
func (s *Snapshot) endUserFeed(f *pageFeed, err error) {
	f.finish(err)
	s.feedMu.Lock()
	defer s.feedMu.Unlock()
	if s.feed == f {
		s.feed = nil
	}
}

// EachUserPage calls fn with the users of the org page by page as Okta returns
// them, starting the Users fetch if nobody has, and returns once every page has
// been handed over (or fn, the fetch or ctx fails). Pages are raw: unsorted, and
// a user whose status changed during the fetch may appear twice; when the list is
// already memoized fn gets it whole, once. Users afterwards returns the merged
// list without a new request.
func (s *Snapshot) EachUserPage(ctx context.Context, fn func([]okta.User) error) error {
	if users, ok := s.users.peek(""); ok {
		return fn(users)
	}
	feed := s.userFeed()
	type listed struct {
		users []okta.User
		err   error
	}
	result := make(chan listed, 1)
	go func() {
		users, err := s.Users(ctx)
		result <- listed{users, err}
	}()
	delivered := 0
	deliver := func(pages [][]okta.User) error {
		for _, p := range pages {
			if err := fn(p); err != nil {
				return err
			}
			delivered++
		}
		return nil
	}
	for {
		pages, wake, done, err := feed.since(delivered)
		if err := deliver(pages); err != nil {
			return err
		}
		if done {
			return err
		}
		select {
		case <-wake:
		case r := <-result:
			if r.err != nil {
				return r.err
			}
			// The list is complete. Normally the feed has ended with it; a feed
			// created just as another caller's fetch finished never gets pages,
			// and the list itself is handed over instead.
			pages, _, done, _ := feed.since(delivered)
			if done {
				return deliver(pages)
			}
			return fn(r.users)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// UsersWithFactors returns every user and the factors of the users pick
// selects, fetching each page's selection while later pages are still being
// listed. pick must judge each user on its own (it sees raw pages, see
// EachUserPage); it is called once more on the merged list, and the map holds
// exactly the users of that last call. Factors are memoized as by Factors.
func (s *Snapshot) UsersWithFactors(ctx context.Context, pick func([]okta.User) ([]string, error)) ([]okta.User, map[string][]okta.Factor, error) {
	ids := make(chan string, 4*s.opts.Concurrency)
	g, gctx := errgroup.WithContext(ctx)
	for range s.opts.Concurrency {
		g.Go(func() error {
			for id := range ids {
				if _, err := s.Factors(gctx, id); err != nil {
					return err
				}
				s.opts.Progress.factorsRead()
			}
			return nil
		})
	}
	g.Go(func() error {
		defer close(ids)
		return s.EachUserPage(gctx, func(page []okta.User) error {
			picked, err := pick(page)
			if err != nil {
				return err
			}
			s.opts.Progress.listedPage(len(page), len(picked))
			for _, id := range picked {
				select {
				case ids <- id:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			return nil
		})
	})
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	users, err := s.Users(ctx)
	if err != nil {
		return nil, nil, err
	}
	picked, err := pick(users)
	if err != nil {
		return nil, nil, err
	}
	s.opts.Progress.listComplete(len(picked))
	// Memoized: only a user whose final copy differs from its page copy (a
	// status change mid-fetch) costs a request here.
	factors, err := s.FactorsOf(ctx, picked)
	if err != nil {
		return nil, nil, err
	}
	return users, factors, nil
}
