package directory

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// pagingFake is a fakeSource whose user lists come page by page: after the
// first page of the unfiltered list it waits for release, so a test can see
// what happens while the list is still being walked.
type pagingFake struct {
	*fakeSource
	pageSize int
	release  chan struct{} // closed by the test (or by factors, see below)
	listErr  error         // returned after the first page when set

	mu       sync.Mutex
	pagesOut int
}

func (p *pagingFake) EachUserPage(ctx context.Context, q okta.UserQuery, page func([]okta.User) error) error {
	all, err := p.ListUsers(ctx, q)
	if err != nil {
		return err
	}
	for i := 0; i < len(all); i += p.pageSize {
		if i > 0 && q.Search == "" {
			if p.listErr != nil {
				return p.listErr
			}
			select {
			case <-p.release:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		p.mu.Lock()
		p.pagesOut++
		p.mu.Unlock()
		if err := page(all[i:min(i+p.pageSize, len(all))]); err != nil {
			return err
		}
	}
	return nil
}

func activeIDs(users []okta.User) ([]string, error) {
	var ids []string
	for _, u := range users {
		if u.Status == "ACTIVE" {
			ids = append(ids, u.ID)
		}
	}
	return ids, nil
}

func TestUsersWithFactorsStartsBeforeTheListEnds(t *testing.T) {
	f := seededFake()
	// The unfiltered list returns carol (00u3) first: her factors are asked for
	// while the list waits for release after its first page.
	p := &pagingFake{fakeSource: f, pageSize: 1, release: make(chan struct{})}
	s := New(p, Options{Concurrency: 2})

	streamed := make(chan bool, 1)
	go func() {
		streamed <- pollUntil(func() bool { return f.count(MethodListUserFactors, "00u3") == 1 })
		close(p.release)
	}()
	users, factors, err := s.UsersWithFactors(t.Context(), activeIDs)
	if err != nil {
		t.Fatal(err)
	}
	if !<-streamed {
		t.Fatal("carol's factors were not asked for while the user list waited after its first page")
	}
	if len(users) != 5 {
		t.Fatalf("users: got %d, want 5", len(users))
	}
	if got := slices.Sorted(maps.Keys(factors)); !slices.Equal(got, []string{"00u1", "00u3"}) {
		t.Fatalf("factors for %v, want 00u1 and 00u3", got)
	}
	if len(factors["00u1"]) != 2 || factors["00u1"][0].ID != "f1" {
		t.Fatalf("alice's factors: %+v", factors["00u1"])
	}
	for _, id := range []string{"00u1", "00u3"} {
		if n := f.count(MethodListUserFactors, id); n != 1 {
			t.Errorf("factors of %s fetched %d times, want 1", id, n)
		}
	}
	if n := f.total(MethodListUserFactors); n != 2 {
		t.Errorf("factor lists fetched: %d, want 2 (only the picked users)", n)
	}
	if got := s.Stats()[MethodListUsers]; got != 2 {
		t.Errorf("ListUsers calls: %d, want 2", got)
	}
	// A second call reads the memo: no new request of any kind.
	if _, _, err := s.UsersWithFactors(t.Context(), activeIDs); err != nil {
		t.Fatal(err)
	}
	if n := f.total(MethodListUserFactors) + f.total(MethodListUsers); n != 4 {
		t.Errorf("requests after a second call: %d, want still 4", n)
	}
}

func TestEachUserPageAfterTheListIsMemoizedHandsItOverOnce(t *testing.T) {
	f := seededFake()
	p := &pagingFake{fakeSource: f, pageSize: 2, release: make(chan struct{})}
	close(p.release)
	s := New(p, Options{})
	users, err := s.Users(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	err = s.EachUserPage(t.Context(), func(page []okta.User) error {
		calls++
		if len(page) != len(users) || &page[0] != &users[0] {
			t.Errorf("page %v, want the merged list", page)
		}
		return nil
	})
	if err != nil || calls != 1 {
		t.Fatalf("calls %d, err %v; want one call with the whole list", calls, err)
	}
}

func TestEachUserPageSubscribersShareOneFetch(t *testing.T) {
	f := seededFake()
	p := &pagingFake{fakeSource: f, pageSize: 1, release: make(chan struct{})}
	s := New(p, Options{})
	var wg sync.WaitGroup
	seen := make([]map[string]bool, 3)
	for i := range seen {
		seen[i] = map[string]bool{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.EachUserPage(t.Context(), func(page []okta.User) error {
				for _, u := range page {
					seen[i][u.ID] = true
				}
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	waitFor(t, "three subscribers and the first page", func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.pagesOut >= 1
	})
	close(p.release)
	wg.Wait()
	for i, m := range seen {
		if len(m) != 5 {
			t.Errorf("subscriber %d saw %d users, want 5", i, len(m))
		}
	}
	if n := f.total(MethodListUsers); n != 2 {
		t.Errorf("user lists: %d, want 2 (one fetch for all subscribers)", n)
	}
}

func TestUsersWithFactorsReportsAListFailureAndRetries(t *testing.T) {
	f := seededFake()
	boom := errors.New("cursor broke")
	p := &pagingFake{fakeSource: f, pageSize: 1, release: make(chan struct{}), listErr: boom}
	close(p.release)
	s := New(p, Options{})
	if _, _, err := s.UsersWithFactors(t.Context(), activeIDs); !errors.Is(err, boom) {
		t.Fatalf("err %v, want the list's failure", err)
	}
	p.listErr = nil
	users, factors, err := s.UsersWithFactors(t.Context(), activeIDs)
	if err != nil || len(users) != 5 || len(factors) != 2 {
		t.Fatalf("retry: %d users, %d factor lists, err %v", len(users), len(factors), err)
	}
}

func TestUsersWithFactorsStopsOnAPickError(t *testing.T) {
	f := seededFake()
	p := &pagingFake{fakeSource: f, pageSize: 1, release: make(chan struct{})}
	close(p.release)
	s := New(p, Options{})
	bad := errors.New("bad scope")
	_, _, err := s.UsersWithFactors(t.Context(), func([]okta.User) ([]string, error) { return nil, bad })
	if !errors.Is(err, bad) {
		t.Fatalf("err %v, want the pick error", err)
	}
}

func TestUsersWithFactorsWithoutAPager(t *testing.T) {
	f := seededFake()
	s := New(f, Options{})
	users, factors, err := s.UsersWithFactors(t.Context(), activeIDs)
	if err != nil || len(users) != 5 || len(factors) != 2 {
		t.Fatalf("%d users, %d factor lists, err %v", len(users), len(factors), err)
	}
}
