package jixiao

import "context"

// QueueStatus is the state of a request that waits its turn for a bounded
// resource, such as a PDF report waiting for the shared browser.
type QueueStatus struct {
	// Ahead is, while the request waits, how many requests wait before it.
	Ahead int
	// Running is true once the request has its turn.
	Running bool
}

type queueKey struct{}

// WithQueueStatus returns a context in which work that waits in a queue
// (EvaluationService.Report in format pdf) tells fn its state each time it
// changes: queued, with the number of requests ahead, then running. fn is
// called on the goroutine doing the work and must not block.
func WithQueueStatus(ctx context.Context, fn func(QueueStatus)) context.Context {
	return context.WithValue(ctx, queueKey{}, fn)
}

// QueueStatusFunc returns the func of WithQueueStatus in ctx, or one that
// does nothing.
func QueueStatusFunc(ctx context.Context) func(QueueStatus) {
	if fn, ok := ctx.Value(queueKey{}).(func(QueueStatus)); ok && fn != nil {
		return fn
	}
	return func(QueueStatus) {}
}
