"""Schemathesis hooks: every 4xx answer carries a Backstage error body
({"error": {"name", "message"}, "response": {"statusCode"}})."""
import schemathesis


@schemathesis.check
def backstage_error_body(ctx, response, case):
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = response.json()
    except ValueError:
        body = None
    error = body.get("error") if isinstance(body, dict) else None
    if not (
        isinstance(error, dict)
        and isinstance(error.get("name"), str)
        and isinstance(error.get("message"), str)
        and body.get("response", {}).get("statusCode") == response.status_code
    ):
        raise AssertionError(
            f"{response.status_code} without a Backstage error body: {response.text[:200]}"
        )
    return None
