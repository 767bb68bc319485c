//! Route families other than posts and pages register here (one line each).

use headpress_domain::Site;

use crate::routes::RouteDef;

pub fn routes(_site: &Site) -> Vec<RouteDef> {
    Vec::new()
}
