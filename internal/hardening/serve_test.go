package hardening

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gongkai-dev/gongkai/internal/serve"
)

// startServe runs gongkai serve on src with the default bind address.
func startServe(t *testing.T, src string) *serve.Server {
	t.Helper()
	s, err := serve.New(serve.Options{Source: src, Now: fixedNow, Log: io.Discard, Poll: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("serve did not stop")
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for s.Status().Generation == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no build in 30 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return s
}

// rawGet sends the request line as written (no client cleans the path) and
// returns the whole response.
func rawGet(t *testing.T, addr, target string) string {
	t.Helper()
	return rawGetHost(t, addr, addr, target)
}

// rawGetHost is rawGet with the Host header given.
func rawGetHost(t *testing.T, addr, host, target string) string {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, host)
	b, _ := io.ReadAll(c)
	return string(b)
}

// TestServeLoopbackOnly: by default gongkai serve listens on the loopback
// interface only: its address is 127.0.0.1, and it cannot be reached on
// the machine's other addresses.
func TestServeLoopbackOnly(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	writeFiles(t, src, baseSite)
	s := startServe(t, src)
	addr := strings.TrimSuffix(strings.TrimPrefix(s.URL(), "http://"), "/")
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		t.Fatalf("serve listens on %s, not loopback", host)
	}
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		ipn, ok := a.(*net.IPNet)
		if !ok || ipn.IP.IsLoopback() || ipn.IP.IsLinkLocalUnicast() {
			continue
		}
		c, err := net.DialTimeout("tcp", net.JoinHostPort(ipn.IP.String(), port), time.Second)
		if err == nil {
			c.Close()
			t.Errorf("serve is reachable on %s", ipn.IP)
		}
	}
}

// TestServeOnlyTheBuiltSite: whatever the path — source files, .. in any
// spelling or encoding, backslashes, absolute URLs in the request line —
// serve answers with the built site or not at all: never a source file
// (marked with a secret that is not published) nor a file outside the site.
func TestServeOnlyTheBuiltSite(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "site")
	files := map[string]string{}
	for k, v := range baseSite {
		files[k] = v
	}
	files["site.toml"] = siteToml + "# SECRET-SRC-41 in a comment\n"
	files["content/policies/secret.md"] = doc("title = \"公开的标题\"\n# SECRET-SRC-41 in a comment\nwritten = 2024-01-01", "正文")
	files["content/policies/notes.txt"] = "SECRET-SRC-41 not an attachment"
	files["data/2024/schools.csv"] = minimalData
	files["data/2024/county.toml"] = "name = \"测试县\"\n# SECRET-SRC-41\n"
	files[".git/config"] = "SECRET-SRC-41"
	writeFiles(t, src, files)
	writeFiles(t, root, map[string]string{"outside.txt": "SECRET-SRC-41 outside"})
	s := startServe(t, src)
	if !s.Status().Serving {
		t.Fatalf("not serving: %v", s.Status().Errors)
	}
	addr := strings.TrimSuffix(strings.TrimPrefix(s.URL(), "http://"), "/")
	targets := []string{
		"/site.toml", "/content/policies/secret.md", "/content/policies/notes.txt", "/policies/notes.txt",
		"/data/2024/county.toml", "/.git/config", "/outside.txt",
		"/../outside.txt", "/../site/site.toml", "/%2e%2e/outside.txt", "/.%2e/outside.txt", "/%2E%2E/%2E%2E/etc/passwd",
		"/..%2foutside.txt", "/..%2Foutside.txt", "/..%5coutside.txt", "/..\\outside.txt", "/policies/..%2f..%2f..%2foutside.txt",
		"/policies/%2e%2e/%2e%2e/site.toml", "//site.toml", "///etc/passwd", "/./site.toml", "/policies/./../site.toml",
		"/%00/site.toml", "/site.toml%00.html", "/__gongkai/../site.toml", "/__gongkai/%2e%2e/site.toml",
		"http://" + addr + "/../site.toml", "http://evil.example/../../outside.txt", "../outside.txt", "*",
		"/" + strings.TrimPrefix(filepath.ToSlash(src), "/") + "/site.toml", "/etc/passwd", "/proc/self/environ",
	}
	for _, target := range targets {
		resp := rawGet(t, addr, target)
		if strings.Contains(resp, "SECRET-SRC-41") || strings.Contains(resp, "root:") || strings.Contains(resp, "base_url") || strings.Contains(resp, "+++") {
			t.Errorf("GET %s served a source or outside file:\n%.400s", target, resp)
		}
		if strings.HasPrefix(resp, "HTTP/1.1 200") && !strings.Contains(resp, "<!DOCTYPE html>") && !strings.Contains(resp, "<!doctype html>") {
			t.Errorf("GET %s: 200 with something that is not a page:\n%.300s", target, resp)
		}
	}
	// The published copy of the data is served, and the pages.
	for _, p := range []string{"data/2024/schools.csv", "policies/secret/", ""} {
		resp, err := http.Get(s.URL() + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || strings.Contains(string(b), "SECRET-SRC-41") {
			t.Errorf("GET /%s: %d", p, resp.StatusCode)
		}
	}
	// Nothing was written into the site.
	if _, err := os.Stat(filepath.Join(src, "public")); !os.IsNotExist(err) {
		t.Errorf("serve wrote public/: %v", err)
	}
}

// TestServeAnswersOnlyItsOwnNames: a page of another site can make the
// browser send requests to 127.0.0.1 under the site's own name (DNS
// rebinding) and read the answers; serve answers only requests whose Host
// is a loopback name or address (or what --bind gave), so drafts and
// /__gongkai/status stay on the machine.
func TestServeAnswersOnlyItsOwnNames(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	writeFiles(t, src, baseSite)
	s := startServe(t, src)
	addr := strings.TrimSuffix(strings.TrimPrefix(s.URL(), "http://"), "/")
	_, port, _ := net.SplitHostPort(addr)
	get := func(host, target string) string { return rawGetHost(t, addr, host, target) }
	for _, host := range []string{"evil.example", "evil.example:" + port, "127.0.0.1.evil.example:" + port, "localhost.evil.example", "0x7f000001.evil:" + port} {
		for _, target := range []string{"/", "/policies/ok/", "/__gongkai/status", "/__gongkai/events"} {
			resp := get(host, target)
			if !strings.HasPrefix(resp, "HTTP/1.1 403") || strings.Contains(resp, "正常文件") || strings.Contains(resp, "generation") {
				t.Errorf("Host %s, GET %s answered:\n%.300s", host, target, resp)
			}
		}
	}
	for _, host := range []string{addr, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port, "preview.localhost:" + port, "127.0.0.1"} {
		if resp := get(host, "/policies/ok/"); !strings.HasPrefix(resp, "HTTP/1.1 200") || !strings.Contains(resp, "正常文件") {
			t.Errorf("Host %s refused:\n%.300s", host, resp)
		}
	}
}
