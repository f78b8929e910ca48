//! The core's scoring for the browser form, as WebAssembly with a minimal ABI so the page needs
//! no generated glue (and no wasm-bindgen):
//!
//! - `alloc(len) -> ptr` and `dealloc(ptr, len)`: the page copies its UTF-8 input in and frees
//!   what it got back;
//! - `score(ptr, len) -> u64`: reads JSON `{checklist, matrix, assessment}` and returns
//!   `(ptr << 32) | len` of a JSON answer: `{"score": …, "detail": […]}` where `score` is the
//!   object `crimeproof score --json` prints and `detail` has, per area, the questions' answer,
//!   gap and the measure it triggers; or `{"error": "…"}`.
//!
//! Nothing here scores: it calls `crimeproof_core::scoring`, the one definition every command uses.

use crimeproof_core::model::{Assessment, Checklist, Matrix};
use crimeproof_core::scoring;
use serde::Deserialize;

#[derive(Deserialize)]
struct Input {
    checklist: Checklist,
    matrix: Matrix,
    assessment: Assessment,
}

/// Scores JSON input and returns JSON; never panics on bad input (the page shows the error).
pub fn score_json(input: &[u8]) -> String {
    let input: Input = match serde_json::from_slice(input) {
        Ok(i) => i,
        Err(e) => return error(&e.to_string()),
    };
    let s = scoring::score(&input.checklist, &input.matrix, &input.assessment);
    // `detail` (per question: answer, gap, triggered measure) is left out of `score --json`; the
    // form needs it, so it travels beside the score, one list per area. Written as text, not
    // through serde_json::Value, which would double the module's size.
    let detail: Vec<&Vec<scoring::QuestionScore>> = s.areas.iter().map(|a| &a.detail).collect();
    match (serde_json::to_string(&s), serde_json::to_string(&detail)) {
        (Ok(score), Ok(detail)) => format!("{{\"score\":{score},\"detail\":{detail}}}"),
        (Err(e), _) | (_, Err(e)) => error(&e.to_string()),
    }
}

fn error(message: &str) -> String {
    let quoted = serde_json::to_string(message).unwrap_or_else(|_| "\"?\"".into());
    format!("{{\"error\":{quoted}}}")
}

#[unsafe(no_mangle)]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len.max(1));
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// # Safety
/// `ptr` and `len` must come from `alloc(len)` or from the result of `score`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn dealloc(ptr: *mut u8, len: usize) {
    // SAFETY: the caller hands back a buffer this module allocated with this capacity.
    drop(unsafe { Vec::from_raw_parts(ptr, 0, len.max(1)) });
}

/// # Safety
/// `ptr` must point to `len` initialised bytes allocated with `alloc(len)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn score(ptr: *const u8, len: usize) -> u64 {
    // SAFETY: the caller wrote `len` bytes at `ptr` (see above).
    let input = unsafe { std::slice::from_raw_parts(ptr, len) };
    let out = score_json(input).into_bytes().into_boxed_slice();
    let (len, ptr) = (out.len(), Box::into_raw(out) as *mut u8);
    ((ptr as usize as u64) << 32) | len as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_is_an_error_object_not_a_panic() {
        let out = score_json(b"{");
        assert!(out.starts_with("{\"error\":\""), "{out}");
    }
}
