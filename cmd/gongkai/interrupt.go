package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// interruptible returns a context that is cancelled by the first SIGINT
// (Ctrl-C) or SIGTERM, so that a build can remove its staging directory and
// leave the destination as it was. A second signal exits at once (the next
// build removes what is left). stop releases the signals; signalled tells
// which one arrived, nil when none did.
func interruptible() (ctx context.Context, stop func(), signalled func() os.Signal) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	got := make(chan os.Signal, 1)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			got <- s
			cancel()
		case <-done:
			return
		}
		select {
		case s := <-ch:
			os.Exit(exitCode(s))
		case <-done:
		}
	}()
	stop = func() {
		signal.Stop(ch)
		close(done)
		cancel()
	}
	var sig os.Signal
	signalled = func() os.Signal {
		if sig == nil {
			select {
			case sig = <-got:
			default:
			}
		}
		return sig
	}
	return ctx, stop, signalled
}

// exitCode is the shell's status of a process ended by s: 128 + its number.
func exitCode(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 1
}
