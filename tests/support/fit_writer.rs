//! Writes FIT activity files, for tests and the benchmark: a `file_id`,
//! per sport a run of one-second `record` messages (position, distance,
//! heart rate) and a `session`, and an `activity` — the messages a watch
//! writes, with the header and file CRCs of the FIT protocol. Enough to
//! make a workout of any date, sports and length.

#![allow(dead_code)]

use chrono::{DateTime, Utc};

/// Seconds from the Unix epoch to the FIT epoch (1989-12-31 00:00 UTC).
const FIT_EPOCH: i64 = 631_065_600;

/// One sport of a generated workout.
#[derive(Debug, Clone)]
pub struct Leg {
    /// FIT sport number: 1 running, 2 cycling, 5 swimming, 4 fitness
    /// equipment, 11 walking, 3 transition.
    pub sport: u8,
    /// FIT sub-sport number (0 generic).
    pub sub_sport: u8,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// Timer seconds (also the number of records written, one a second).
    pub timer_seconds: u32,
    /// Seconds of pause on top of the timer time.
    pub paused_seconds: u32,
    /// Metres covered.
    pub distance_m: f64,
    pub avg_heart_rate: u8,
}

const CRC_TABLE: [u16; 16] = [
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800, 0xB401,
    0x5000, 0x9C01, 0x8801, 0x4400,
];

/// The FIT protocol's CRC-16.
pub fn crc(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &byte in bytes {
        let mut tmp = CRC_TABLE[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ CRC_TABLE[usize::from(byte & 0xF)];
        tmp = CRC_TABLE[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ CRC_TABLE[usize::from((byte >> 4) & 0xF)];
    }
    crc
}

fn fit_time(t: DateTime<Utc>) -> u32 {
    (t.timestamp() - FIT_EPOCH) as u32
}

/// (field number, size, base type) of a definition.
type FieldDef = (u8, u8, u8);

const ENUM: u8 = 0x00;
const UINT8: u8 = 0x02;
const UINT16: u8 = 0x84;
const SINT32: u8 = 0x85;
const UINT32: u8 = 0x86;
const UINT32Z: u8 = 0x8C;

struct Writer {
    body: Vec<u8>,
}

impl Writer {
    fn define(&mut self, local: u8, global: u16, fields: &[FieldDef]) {
        self.body.push(0x40 | local);
        self.body.push(0); // reserved
        self.body.push(0); // little endian
        self.body.extend_from_slice(&global.to_le_bytes());
        self.body.push(fields.len() as u8);
        for (number, size, base) in fields {
            self.body.extend_from_slice(&[*number, *size, *base]);
        }
    }

    fn data(&mut self, local: u8, values: &[&[u8]]) {
        self.body.push(local);
        for v in values {
            self.body.extend_from_slice(v);
        }
    }
}

/// A FIT activity file of these legs; `file_type` 4 is an activity (2 would
/// be device settings, 6 a course).
pub fn activity(legs: &[Leg], file_type: u8) -> Vec<u8> {
    let mut w = Writer { body: Vec::new() };
    let first = legs.first().map_or_else(Utc::now, |l| l.start);
    // file_id: type, manufacturer (development), product, serial, time_created.
    w.define(
        0,
        0,
        &[
            (0, 1, ENUM),
            (1, 2, UINT16),
            (2, 2, UINT16),
            (3, 4, UINT32Z),
            (4, 4, UINT32),
        ],
    );
    w.data(
        0,
        &[
            &[file_type],
            &255u16.to_le_bytes(),
            &1u16.to_le_bytes(),
            &12345u32.to_le_bytes(),
            &fit_time(first).to_le_bytes(),
        ],
    );
    // record: timestamp, position_lat, position_long, distance (cm), heart_rate.
    w.define(
        1,
        20,
        &[
            (253, 4, UINT32),
            (0, 4, SINT32),
            (1, 4, SINT32),
            (5, 4, UINT32),
            (3, 1, UINT8),
        ],
    );
    // session: timestamp, start_time, total_elapsed_time, total_timer_time
    // (ms), total_distance (cm), sport, sub_sport, avg_heart_rate.
    w.define(
        2,
        18,
        &[
            (253, 4, UINT32),
            (2, 4, UINT32),
            (7, 4, UINT32),
            (8, 4, UINT32),
            (9, 4, UINT32),
            (5, 1, ENUM),
            (6, 1, ENUM),
            (16, 1, UINT8),
        ],
    );
    let semicircles = |degrees: f64| (degrees * (2f64.powi(31) / 180.0)) as i32;
    let mut end = first;
    for leg in legs {
        let start = fit_time(leg.start);
        let step = if leg.timer_seconds > 0 {
            leg.distance_m / f64::from(leg.timer_seconds)
        } else {
            0.0
        };
        for i in 0..leg.timer_seconds {
            let covered = step * f64::from(i);
            // Northwards from Otaniemi, a metre is about 1/111,195 of a degree.
            let lat = semicircles(60.18 + covered / 111_195.0);
            let lon = semicircles(24.83);
            w.data(
                1,
                &[
                    &(start + i).to_le_bytes(),
                    &lat.to_le_bytes(),
                    &lon.to_le_bytes(),
                    &((covered * 100.0) as u32).to_le_bytes(),
                    &[leg.avg_heart_rate],
                ],
            );
        }
        let elapsed = leg.timer_seconds + leg.paused_seconds;
        w.data(
            2,
            &[
                &(start + elapsed).to_le_bytes(),
                &start.to_le_bytes(),
                &(elapsed * 1000).to_le_bytes(),
                &(leg.timer_seconds * 1000).to_le_bytes(),
                &((leg.distance_m * 100.0) as u32).to_le_bytes(),
                &[leg.sport],
                &[leg.sub_sport],
                &[leg.avg_heart_rate],
            ],
        );
        end = leg.start + chrono::Duration::seconds(i64::from(elapsed));
    }
    // activity: timestamp, num_sessions.
    w.define(3, 34, &[(253, 4, UINT32), (1, 2, UINT16)]);
    w.data(
        3,
        &[
            &fit_time(end).to_le_bytes(),
            &(legs.len() as u16).to_le_bytes(),
        ],
    );

    let mut file = Vec::with_capacity(w.body.len() + 16);
    file.push(14);
    file.push(0x20);
    file.extend_from_slice(&2132u16.to_le_bytes());
    file.extend_from_slice(&(w.body.len() as u32).to_le_bytes());
    file.extend_from_slice(b".FIT");
    let header_crc = crc(&file);
    file.extend_from_slice(&header_crc.to_le_bytes());
    file.extend_from_slice(&w.body);
    let file_crc = crc(&file);
    file.extend_from_slice(&file_crc.to_le_bytes());
    file
}

/// One running leg starting at `start`.
pub fn run(start: DateTime<Utc>, minutes: u32, km: f64) -> Vec<u8> {
    activity(
        &[Leg {
            sport: 1,
            sub_sport: 0,
            start,
            timer_seconds: minutes * 60,
            paused_seconds: 0,
            distance_m: km * 1000.0,
            avg_heart_rate: 150,
        }],
        4,
    )
}

/// A triathlon: swim, transition, ride, transition, run.
pub fn triathlon(start: DateTime<Utc>, scale: u32) -> Vec<u8> {
    let mut at = start;
    let mut legs = Vec::new();
    for (sport, sub, minutes, km) in [
        (5u8, 17u8, 30u32, 1.5),
        (3, 0, 3, 0.2),
        (2, 0, 80, 40.0),
        (3, 0, 2, 0.1),
        (1, 0, 50, 10.0),
    ] {
        let seconds = minutes * 60 * scale.max(1);
        legs.push(Leg {
            sport,
            sub_sport: sub,
            start: at,
            timer_seconds: seconds,
            paused_seconds: 0,
            distance_m: km * 1000.0 * f64::from(scale.max(1)),
            avg_heart_rate: 140,
        });
        at += chrono::Duration::seconds(i64::from(seconds));
    }
    activity(&legs, 4)
}
