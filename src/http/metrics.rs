//! The request counters and latency histograms, kept in memory and written out in the
//! Prometheus text format.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// The route template (`/api/v1/users/{id}`) that served a request, put on the response by
/// [`label_route`] so the outermost middleware can count it. Requests no route matched are
/// counted as `ui` (pages of the web app) or `unmatched`, so labels stay few.
#[derive(Clone, Debug)]
pub struct RouteLabel(pub String);

/// A route layer: copies the matched route onto the response.
pub async fn label_route(matched: Option<MatchedPath>, req: Request, next: Next) -> Response {
    let label = matched.map(|m| m.as_str().to_owned());
    let mut response = next.run(req).await;
    if let Some(label) = label {
        response.extensions_mut().insert(RouteLabel(label));
    }
    response
}

#[derive(Default)]
struct Series {
    /// Requests by status code.
    by_status: HashMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

/// Route → method → series.
#[derive(Default)]
pub struct HttpMetrics {
    series: Mutex<HashMap<String, HashMap<&'static str, Series>>>,
}

impl HttpMetrics {
    pub fn record(&self, method: &'static str, route: &str, status: u16, took: Duration) {
        let seconds = took.as_secs_f64();
        let mut map = self.series.lock().unwrap_or_else(|p| p.into_inner());
        // Looked up by `&str`: only a route's first request allocates.
        if !map.contains_key(route) {
            map.insert(route.to_owned(), HashMap::new());
        }
        let Some(methods) = map.get_mut(route) else { return };
        let series = methods.entry(method).or_default();
        *series.by_status.entry(status).or_default() += 1;
        for (bound, bucket) in BUCKETS.iter().zip(series.buckets.iter_mut()) {
            if seconds <= *bound {
                *bucket += 1;
            }
        }
        series.count += 1;
        series.sum_seconds += seconds;
    }

    pub fn write(&self, out: &mut String) {
        let map = self.series.lock().unwrap_or_else(|p| p.into_inner());
        let mut keys: Vec<(&str, &str)> =
            map.iter().flat_map(|(route, methods)| methods.keys().map(move |m| (*m, route.as_str()))).collect();
        keys.sort();
        out.push_str("# HELP staffroom_http_requests_total HTTP requests answered, by route and status.\n");
        out.push_str("# TYPE staffroom_http_requests_total counter\n");
        for (method, route) in &keys {
            let mut statuses: Vec<_> = map[*route][method].by_status.iter().collect();
            statuses.sort();
            for (status, n) in statuses {
                let _ = writeln!(
                    out,
                    "staffroom_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        out.push_str("# HELP staffroom_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE staffroom_http_request_duration_seconds histogram\n");
        for (method, route) in &keys {
            let series = &map[*route][method];
            let labels = format!("method=\"{method}\",route=\"{}\"", escape(route));
            for (bound, n) in BUCKETS.iter().zip(series.buckets.iter()) {
                let _ = writeln!(out, "staffroom_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {n}");
            }
            let _ = writeln!(
                out,
                "staffroom_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}\n\
                 staffroom_http_request_duration_seconds_sum{{{labels}}} {}\n\
                 staffroom_http_request_duration_seconds_count{{{labels}}} {}",
                series.count, series.sum_seconds, series.count
            );
        }
    }
}

/// A label value in the text format: backslash, quote and newline escaped.
pub fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_buckets() {
        let m = HttpMetrics::default();
        m.record("GET", "/api/v1/health", 200, Duration::from_millis(3));
        m.record("GET", "/api/v1/health", 200, Duration::from_millis(30));
        m.record("GET", "/api/v1/health", 503, Duration::from_secs(20));
        let mut out = String::new();
        m.write(&mut out);
        assert!(
            out.contains("staffroom_http_requests_total{method=\"GET\",route=\"/api/v1/health\",status=\"200\"} 2")
        );
        assert!(
            out.contains("staffroom_http_requests_total{method=\"GET\",route=\"/api/v1/health\",status=\"503\"} 1")
        );
        assert!(out.contains("_bucket{method=\"GET\",route=\"/api/v1/health\",le=\"0.005\"} 1\n"));
        assert!(out.contains("_bucket{method=\"GET\",route=\"/api/v1/health\",le=\"0.05\"} 2\n"));
        assert!(out.contains("_bucket{method=\"GET\",route=\"/api/v1/health\",le=\"+Inf\"} 3\n"));
        assert!(out.contains("_count{method=\"GET\",route=\"/api/v1/health\"} 3\n"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
