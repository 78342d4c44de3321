//! Geography: validated WGS-84 points in GeoJSON order and great-circle distance.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A WGS-84 coordinate. Constructed only through [`GeoPoint::new`], so it is always in range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    lng: f64,
    lat: f64,
}

impl GeoPoint {
    /// Validates latitude −90..=90 and longitude −180..=180.
    pub fn new(lng: f64, lat: f64) -> Result<Self, Vec<FieldError>> {
        let mut errs = Vec::new();
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            errs.push(FieldError::new("lat", "must be between -90 and 90"));
        }
        if !lng.is_finite() || !(-180.0..=180.0).contains(&lng) {
            errs.push(FieldError::new("lng", "must be between -180 and 180"));
        }
        if errs.is_empty() {
            Ok(GeoPoint { lng, lat })
        } else {
            Err(errs)
        }
    }

    pub fn lng(&self) -> f64 {
        self.lng
    }

    pub fn lat(&self) -> f64 {
        self.lat
    }

    /// Great-circle (haversine) distance in kilometres.
    pub fn distance_km(&self, other: &GeoPoint) -> f64 {
        let (la1, la2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = la2 - la1;
        let dlng = (other.lng - self.lng).to_radians();
        let a = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlng / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().atan2((1.0 - a).sqrt())
    }

    /// A lat/lng box that contains every point within `radius_km` of this one.
    pub fn bounding_box(&self, radius_km: f64) -> BoundingBox {
        let dlat = (radius_km / EARTH_RADIUS_KM).to_degrees();
        let cos = self.lat.to_radians().cos().abs().max(1e-6);
        let dlng = (radius_km / (EARTH_RADIUS_KM * cos)).to_degrees();
        BoundingBox {
            min_lat: (self.lat - dlat).max(-90.0),
            max_lat: (self.lat + dlat).min(90.0),
            min_lng: if dlng >= 180.0 {
                -180.0
            } else {
                self.lng - dlng
            },
            max_lng: if dlng >= 180.0 {
                180.0
            } else {
                self.lng + dlng
            },
        }
    }
}

/// Degrees box; longitudes may run past ±180 near the antimeridian (callers split it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub min_lat: f64,
    pub max_lat: f64,
    pub min_lng: f64,
    pub max_lng: f64,
}

/// GeoJSON `Point` as MongoDB stores it, plus the human address fields of the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    #[serde(rename = "type")]
    pub kind: PointKind,
    /// `[lng, lat]`, GeoJSON order.
    #[schema(value_type = Vec<f64>, min_items = 2, max_items = 2, example = json!([36.8219, -1.2921]))]
    pub coordinates: [f64; 2],
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub county: Option<String>,
}

/// The only GeoJSON geometry the platform stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, utoipa::ToSchema)]
pub enum PointKind {
    #[default]
    Point,
}

impl Location {
    pub fn new(point: GeoPoint, address: Option<String>, city: Option<String>) -> Self {
        Location {
            kind: PointKind::Point,
            coordinates: [point.lng(), point.lat()],
            address,
            city,
            county: None,
        }
    }

    /// The validated point (stored locations were validated on the way in).
    pub fn point(&self) -> Result<GeoPoint, Vec<FieldError>> {
        GeoPoint::new(self.coordinates[0], self.coordinates[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nairobi_to_mombasa_is_about_440_km() {
        let nbo = GeoPoint::new(36.8219, -1.2921).unwrap();
        let mba = GeoPoint::new(39.6682, -4.0435).unwrap();
        let d = nbo.distance_km(&mba);
        assert!((435.0..445.0).contains(&d), "{d}");
    }

    #[test]
    fn out_of_range_coordinates_name_both_fields() {
        let errs = GeoPoint::new(200.0, -91.0).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["lat", "lng"]);
    }

    #[test]
    fn bounding_box_contains_the_circle() {
        let p = GeoPoint::new(36.8, -1.3).unwrap();
        let b = p.bounding_box(10.0);
        let east = GeoPoint::new(b.max_lng, -1.3).unwrap();
        assert!(p.distance_km(&east) >= 9.99);
        let north = GeoPoint::new(36.8, b.max_lat).unwrap();
        assert!(p.distance_km(&north) >= 9.99);
    }
}
