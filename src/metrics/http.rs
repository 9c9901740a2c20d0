//! HTTP request metrics and the middleware that records them.
//!
//! Requests are labelled by the route *pattern* poem matched (`/api/guilds/:id`),
//! never by the raw path, so the number of series stays bounded whatever
//! clients ask for.

use std::time::Instant;

use poem::http::Method;
use poem::{Endpoint, IntoResponse, Middleware, PathPattern, Request, Response, Result};
use prometheus::{HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry};

/// The route label of requests that matched no route.
pub const UNMATCHED_ROUTE: &str = "unmatched";

/// Request counts, latencies and requests in flight.
#[derive(Clone)]
pub struct HttpMetrics {
    requests: IntCounterVec,
    duration: HistogramVec,
    in_flight: IntGauge,
}

impl HttpMetrics {
    pub(crate) fn register(registry: &Registry) -> prometheus::Result<HttpMetrics> {
        let requests = IntCounterVec::new(
            Opts::new(
                "activity_challenge_http_requests_total",
                "HTTP requests answered, by method, route pattern and status code.",
            ),
            &["method", "route", "status"],
        )?;
        let duration = HistogramVec::new(
            HistogramOpts::new(
                "activity_challenge_http_request_duration_seconds",
                "Time from receiving an HTTP request to having its response, by method and route pattern.",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &["method", "route"],
        )?;
        let in_flight = IntGauge::new(
            "activity_challenge_http_requests_in_flight",
            "HTTP requests being handled right now.",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(duration.clone()))?;
        registry.register(Box::new(in_flight.clone()))?;
        Ok(HttpMetrics {
            requests,
            duration,
            in_flight,
        })
    }

    /// Records one finished request.
    pub fn observe(&self, method: &Method, route: &str, status: u16, seconds: f64) {
        let method = method_label(method);
        self.requests
            .with_label_values(&[method, route, &status.to_string()])
            .inc();
        self.duration
            .with_label_values(&[method, route])
            .observe(seconds);
    }

    /// The middleware that records every request through the wrapped endpoint.
    pub fn middleware(&self) -> HttpMetricsMiddleware {
        HttpMetricsMiddleware {
            metrics: self.clone(),
        }
    }
}

/// Standard methods keep their name; anything else is `other`, so a client
/// cannot invent label values.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Poem middleware recording [`HttpMetrics`].
pub struct HttpMetricsMiddleware {
    metrics: HttpMetrics,
}

impl<E: Endpoint> Middleware<E> for HttpMetricsMiddleware {
    type Output = HttpMetricsEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        HttpMetricsEndpoint {
            inner,
            metrics: self.metrics.clone(),
        }
    }
}

/// An endpoint wrapped by [`HttpMetricsMiddleware`].
pub struct HttpMetricsEndpoint<E> {
    inner: E,
    metrics: HttpMetrics,
}

/// Counts a request out of flight however its handler ends (even if the
/// client goes away and the future is dropped).
struct InFlight(IntGauge);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

impl<E: Endpoint> Endpoint for HttpMetricsEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> Result<Response> {
        let method = req.method().clone();
        self.metrics.in_flight.inc();
        let _in_flight = InFlight(self.metrics.in_flight.clone());
        let started = Instant::now();
        let result = self.inner.call(req).await.map(IntoResponse::into_response);
        let seconds = started.elapsed().as_secs_f64();
        let (status, route) = match &result {
            Ok(resp) => (resp.status(), resp.data::<PathPattern>()),
            Err(err) => (err.status(), err.data::<PathPattern>()),
        };
        let route = route.map_or(UNMATCHED_ROUTE, |p| &*p.0);
        self.metrics
            .observe(&method, route, status.as_u16(), seconds);
        result
    }
}
