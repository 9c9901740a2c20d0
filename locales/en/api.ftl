# The JSON API's human-readable messages (the `message` of an error body).
# Integrators match on the `code`, which never changes with the language.

api-unavailable = The database is not available right now; try again in a moment.
api-internal = The server could not complete the request; try again later.
api-missing-token = Send a bearer token: Authorization: Bearer <token> (create one with `activity-challenge api-token create`).
