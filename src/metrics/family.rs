//! Metric families built at scrape time from values read elsewhere (the
//! database's own counters), which the client library's counters cannot
//! carry because they only ever count up from zero in this process.

use prometheus::proto::{Counter, Gauge, LabelPair, Metric, MetricFamily, MetricType};

/// One metric family under construction.
pub struct Family {
    inner: MetricFamily,
}

impl Family {
    fn new(name: &str, help: &str, kind: MetricType) -> Family {
        let mut inner = MetricFamily::default();
        inner.set_name(name.to_string());
        inner.set_help(help.to_string());
        inner.set_field_type(kind);
        Family { inner }
    }

    /// A gauge: a value that goes up and down.
    pub fn gauge(name: &str, help: &str) -> Family {
        Family::new(name, help, MetricType::GAUGE)
    }

    /// A counter: a value that only grows (until its source is reset).
    pub fn counter(name: &str, help: &str) -> Family {
        Family::new(name, help, MetricType::COUNTER)
    }

    /// Adds one sample with these labels.
    pub fn push(&mut self, labels: &[(&str, &str)], value: f64) -> &mut Family {
        let mut metric = Metric::default();
        metric.set_label(
            labels
                .iter()
                .map(|(name, value)| {
                    let mut pair = LabelPair::default();
                    pair.set_name((*name).to_string());
                    pair.set_value((*value).to_string());
                    pair
                })
                .collect(),
        );
        match self.inner.get_field_type() {
            MetricType::COUNTER => {
                let mut counter = Counter::default();
                counter.set_value(value);
                metric.set_counter(counter);
            }
            _ => {
                let mut gauge = Gauge::default();
                gauge.set_value(value);
                metric.set_gauge(gauge);
            }
        }
        self.inner.mut_metric().push(metric);
        self
    }

    /// Whether no sample was added (such a family is left out of the output).
    pub fn is_empty(&self) -> bool {
        self.inner.get_metric().is_empty()
    }

    /// The finished family.
    pub fn finish(self) -> MetricFamily {
        self.inner
    }
}

/// Collects families, leaving out the empty ones.
#[derive(Default)]
pub struct Families(Vec<MetricFamily>);

impl Families {
    /// Adds a family unless it has no samples.
    pub fn add(&mut self, family: Family) {
        if !family.is_empty() {
            self.0.push(family.finish());
        }
    }

    /// Adds a family of one unlabelled sample.
    pub fn single(&mut self, family: Family, value: f64) {
        let mut family = family;
        family.push(&[], value);
        self.add(family);
    }

    /// The families collected.
    pub fn into_vec(self) -> Vec<MetricFamily> {
        self.0
    }
}

/// A database count as a sample value (exact up to 2^53).
pub fn num(v: i64) -> f64 {
    v as f64
}
