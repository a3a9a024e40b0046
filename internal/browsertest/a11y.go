package browsertest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// AccessibleName returns the role and the accessible name that the
// browser's accessibility tree gives the element the JavaScript expression
// el evaluates to: what a screen reader announces.
func (p *Page) AccessibleName(tb testing.TB, el string) (role, name string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: el})
	if err != nil || res.Result == nil || res.Result.ObjectID == "" {
		tb.Fatalf("browsertest: %s: %s is not an element: %v", p.url, short(el), err)
	}
	no := false
	tree, err := chromedp.Call(ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{ObjectID: res.Result.ObjectID, FetchRelatives: &no})
	if err != nil || len(tree.Nodes) == 0 {
		tb.Fatalf("browsertest: %s: accessibility node of %s: %v", p.url, short(el), err)
	}
	n := tree.Nodes[0]
	text := func(v *accessibility.Value) string {
		var s string
		if v != nil {
			_ = json.Unmarshal(v.Value, &s)
		}
		return s
	}
	return text(n.Role), text(n.Name)
}
