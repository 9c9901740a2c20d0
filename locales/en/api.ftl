# The JSON API's human-readable messages (the `message` of an error body).
# Integrators match on the `code`, which never changes with the language.

api-unavailable = The database is not available right now; try again in a moment.
api-internal = The server could not complete the request; try again later.
api-missing-token = Send a bearer token: Authorization: Bearer <token> (create one with `activity-challenge api-token create`).
api-no-bot = Signing in with Telegram needs the bot: this server has no bot token.
api-init-data-missing = initData is missing: open the app from the bot, or send it in X-Telegram-Init-Data
api-init-data-malformed = initData is malformed: { $detail }
api-init-data-signature = initData signature does not match: it was not issued for this bot or was altered
api-init-data-expired = initData has expired (signed { $age } s ago, the limit is { $max } s): reopen the app
api-not-registered = You are not registered yet: open the bot and register with your guild first.
api-invalid-token = The bearer token is unknown or revoked: create a new one with `activity-challenge api-token create`.
api-backup-dir-unreadable = The backup directory could not be read; the server's log says why.
api-unknown-export = There is no such export: use { $names }.
api-invalid-date = { $name } “{ $text }” is not a date: write it as YYYY-MM-DD.
api-no-active-competition = No competition is active right now.
