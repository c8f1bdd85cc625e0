//! Team chat (DESIGN §14, seeds 000 and 001): General and Admins & Owners for every tenant,
//! smart-group rooms that follow their group, direct and group conversations, messages with
//! replies, reactions, mentions and announcements, and read cursors. Changes reach open
//! sockets as events through the real-time hub (`crate::realtime`).

mod access;
mod channels;
pub mod membership;
mod messages;
pub mod model;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(channels::rooms))
        .routes(routes!(channels::sync_rooms))
        .routes(routes!(channels::list))
        .routes(routes!(channels::get, channels::rename))
        .routes(routes!(channels::direct))
        .routes(routes!(channels::group))
        .routes(routes!(channels::add_members))
        .routes(routes!(channels::remove_member))
        .routes(routes!(channels::leave))
        .routes(routes!(channels::users))
        .routes(routes!(channels::unread_count))
        .routes(routes!(channels::read))
        .routes(routes!(messages::history, messages::send))
        .routes(routes!(messages::edit, messages::delete))
        .routes(routes!(messages::react, messages::unreact))
        .routes(routes!(messages::ack))
        .routes(routes!(messages::acks))
}
