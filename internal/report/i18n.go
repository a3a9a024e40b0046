package report

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// tr looks up the theme's translation strings (i18n/<lang>.toml). Every
// reader-facing string of this package comes from there; a key the file
// lacks is remembered and makes New (or the shortcode) fail, as a missing key
// does in the templates.
type tr struct {
	m       map[string]string
	mu      sync.Mutex
	missing map[string]bool
}

func newTr(m map[string]string) *tr { return &tr{m: m, missing: map[string]bool{}} }

// s returns the string of key.
func (t *tr) s(key string) string {
	if v, ok := t.m[key]; ok {
		return v
	}
	t.mu.Lock()
	t.missing[key] = true
	t.mu.Unlock()
	return key
}

// f formats the string of key with args (fmt verbs).
func (t *tr) f(key string, args ...any) string { return fmt.Sprintf(t.s(key), args...) }

// err reports the keys looked up but not found.
func (t *tr) err() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.missing) == 0 {
		return nil
	}
	keys := make([]string, 0, len(t.missing))
	for k := range t.missing {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return fmt.Errorf("主题翻译文件缺少键: %s", strings.Join(keys, ", "))
}

// list joins names with 、 (城区、镇区、乡村).
func list(names []string) string { return strings.Join(names, "、") }
