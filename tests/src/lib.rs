//! The black-box test harness shared by `tests/it` (one test binary): the backend matrix and
//! scratch databases, the conformance request files, the replay and the comparison with
//! WordPress's golden answers, and the pending-list ratchet.

pub mod backends;
pub mod compare;
pub mod pending;
pub mod replay;
pub mod requests;
