package report

import (
	contlist "container/list"
	"sync"
)

// recent keeps what make gave for the last few units asked for (by index
// in Options.Reports): each is made once while it is kept, by the first
// caller, the others waiting for it. A caller that still holds a value
// evicted since keeps it until it is done with it.
type recent[T any] struct {
	make func(i int) T
	keep int // values kept

	mu  sync.Mutex
	at  map[int]*contlist.Element // of *made[T], by index
	lru contlist.List             // most recently asked for first
}

type made[T any] struct {
	i    int
	once sync.Once
	v    T
}

// get returns make(i), made again only when it was evicted.
func (r *recent[T]) get(i int) T {
	r.mu.Lock()
	if r.at == nil {
		r.at = map[int]*contlist.Element{}
	}
	e := r.at[i]
	if e != nil {
		r.lru.MoveToFront(e)
	} else {
		e = r.lru.PushFront(&made[T]{i: i})
		r.at[i] = e
		for r.lru.Len() > max(r.keep, 1) {
			old := r.lru.Back()
			r.lru.Remove(old)
			delete(r.at, old.Value.(*made[T]).i)
		}
	}
	m := e.Value.(*made[T])
	r.mu.Unlock()
	m.once.Do(func() { m.v = r.make(i) })
	return m.v
}
