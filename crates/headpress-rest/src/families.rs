//! Route families other than posts and pages register here (one line each).

use headpress_domain::Site;

use crate::routes::RouteDef;

pub fn routes(site: &Site) -> Vec<RouteDef> {
    let mut routes = Vec::new();
    routes.extend(crate::revisions::routes(site));
    routes.extend(crate::media::routes(site));
    routes.extend(crate::comments::routes(site));
    routes.extend(crate::users::routes(site));
    routes.extend(crate::terms::routes(site));
    routes.extend(crate::types::routes(site));
    routes.extend(crate::search::routes(site));
    routes.extend(crate::settings::routes(site));
    routes
}
