# JSON-rajapinnan ihmisille tarkoitetut viestit (virhevastauksen `message`).
# Integraatiot tunnistavat virheen `code`-kentästä, joka ei muutu kielen mukaan.

api-unavailable = Tietokanta ei ole juuri nyt käytettävissä; yritä hetken kuluttua uudelleen.
api-internal = Palvelin ei saanut pyyntöä tehtyä; yritä myöhemmin uudelleen.
api-missing-token = Lähetä tunniste (bearer token): Authorization: Bearer <tunniste> (luo tunniste komennolla `activity-challenge api-token create`).
api-no-bot = Telegram-kirjautuminen tarvitsee botin: tällä palvelimella ei ole bottitunnusta.
api-init-data-missing = initData puuttuu: avaa sovellus botista tai lähetä se otsakkeessa X-Telegram-Init-Data
api-init-data-malformed = initData on virheellinen: { $detail }
api-init-data-signature = initDatan allekirjoitus ei täsmää: sitä ei ole annettu tälle botille, tai sitä on muutettu
api-init-data-expired = initData on vanhentunut (allekirjoitettu { $age } s sitten, raja on { $max } s): avaa sovellus uudelleen
api-not-registered = Et ole vielä rekisteröitynyt: avaa botti ja rekisteröidy kiltaasi.
api-invalid-token = Tunnistetta ei tunneta tai se on peruttu: luo uusi komennolla `activity-challenge api-token create`.
api-backup-dir-unreadable = Varmuuskopiokansiota ei voitu lukea; syy löytyy palvelimen lokista.
api-unknown-export = Tällaista vientiä ei ole: käytä jotakin näistä: { $names }.
api-invalid-date = { $name } ”{ $text }” ei ole päivämäärä: kirjoita se muodossa VVVV-KK-PP.
api-no-active-competition = Mikään kisa ei ole nyt aktiivinen.
