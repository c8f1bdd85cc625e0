//! A location's clock rules as pure arithmetic: the geofence, how early one may clock in
//! before a shift, and rounding (the raw time is always kept beside the rounded one).

/// Metres between two points on the earth (haversine, mean radius).
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    const R: f64 = 6_371_008.8;
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let (dlat, dlon) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().min(1.0).asin()
}

/// Whether a reported position is inside the fence. The device's accuracy counts in the
/// person's favour, up to 100 m: a phone indoors reports a wide circle.
pub fn inside(center: (f64, f64), radius_m: f64, at: (f64, f64), accuracy_m: Option<f64>) -> bool {
    distance_m(center, at) <= radius_m + accuracy_m.unwrap_or(0.0).clamp(0.0, 100.0)
}

/// `at` (UTC seconds) rounded to the nearest `minutes` (0: as it is); half rounds up.
pub fn rounded(at: i64, minutes: i64) -> i64 {
    if minutes <= 0 {
        return at;
    }
    let step = minutes * 60;
    (at + step / 2).div_euclid(step) * step
}

/// The first instant one may clock in for a shift starting at `starts_at`.
pub fn earliest_in(starts_at: i64, early_minutes: i64) -> i64 {
    starts_at - early_minutes * 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_right_to_a_metre_or_so() {
        // Amsterdam Centraal to the Dam: about 850 m.
        let d = distance_m((52.3791, 4.9003), (52.3731, 4.8926));
        assert!((d - 855.0).abs() < 25.0, "{d}");
        assert_eq!(distance_m((10.0, 20.0), (10.0, 20.0)), 0.0);
        assert!(inside((52.0, 5.0), 100.0, (52.0005, 5.0), None)); // ~56 m north
        assert!(!inside((52.0, 5.0), 100.0, (52.0015, 5.0), None)); // ~167 m
        assert!(inside((52.0, 5.0), 100.0, (52.0015, 5.0), Some(80.0)));
        assert!(!inside((52.0, 5.0), 100.0, (52.0030, 5.0), Some(5_000.0))); // accuracy counts up to 100 m
    }

    #[test]
    fn rounding_goes_to_the_nearest_step() {
        let nine = 9 * 3600;
        assert_eq!(rounded(nine + 7 * 60 + 29, 15), nine);
        assert_eq!(rounded(nine + 7 * 60 + 30, 15), nine + 15 * 60);
        assert_eq!(rounded(nine + 52 * 60, 15), nine + 45 * 60);
        assert_eq!(rounded(nine + 53 * 60, 15), nine + 3600);
        assert_eq!(rounded(nine + 61, 0), nine + 61);
        assert_eq!(earliest_in(nine, 15), nine - 900);
    }
}
