// Package bench holds the measuring tools behind `dancu bench`: latency
// summaries and the wrk load generator. Each scenario prints its figure next
// to a reference measured in the same run, because absolute numbers on a
// shared 2-core machine mean little on their own. The queries the scenarios
// need (samples, the raw insert reference) live in sqlstore.
package bench
