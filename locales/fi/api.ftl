# JSON-rajapinnan ihmisille tarkoitetut viestit (virhevastauksen `message`).
# Integraatiot tunnistavat virheen `code`-kentästä, joka ei muutu kielen mukaan.

api-unavailable = Tietokanta ei ole juuri nyt käytettävissä; yritä hetken kuluttua uudelleen.
api-internal = Palvelin ei saanut pyyntöä tehtyä; yritä myöhemmin uudelleen.
api-missing-token = Lähetä tunniste (bearer token): Authorization: Bearer <tunniste> (luo tunniste komennolla `activity-challenge api-token create`).
