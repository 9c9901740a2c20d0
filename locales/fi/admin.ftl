# Hallintapaneeli: sivut, lomakkeet, ilmoitukset ja virhesivut.

admin-title-suffix = Activity Challenge -hallinta
admin-skip = Siirry sisältöön
admin-nav-label = Hallinnan osiot
admin-nav-dashboard = Yleiskatsaus
admin-nav-competitions = Kisat
admin-nav-guilds = Killat
admin-nav-participants = Osallistujat
admin-nav-activities = Suoritukset
admin-nav-feedback = Palaute
admin-nav-exports = Vienti
admin-nav-cleanup = Siivous
admin-nav-audit = Tapahtumaloki
admin-nav-database = Tietokanta
admin-nav-admins = Ylläpitäjät
admin-your-account = Oma tili
admin-log-out = Kirjaudu ulos
admin-language-label = Kieli
admin-back-to-panel = Takaisin hallintapaneeliin
admin-pager-label = Sivut
admin-pager-previous = ← Edellinen
admin-pager-next = Seuraava →
admin-pager-status = Sivu { $page }/{ $pages } (yhteensä { $total })
admin-filter = Suodata
admin-from = Alkaen
admin-to = Asti
admin-guild = Kilta
admin-all-guilds = Kaikki killat
admin-all = Kaikki
admin-cancel = Peruuta
admin-save = Tallenna
admin-delete = Poista
admin-reason = Syy
admin-date = Päivä
admin-name = Nimi
admin-username = Käyttäjänimi
admin-telegram-id = Telegram-tunnus
admin-points = Pisteet
admin-participant = Osallistuja
admin-activity = Suoritus
admin-note = Huomautus
admin-change = Muuta
admin-minutes = Minuutit
admin-when = Milloin
admin-reviewed = Käsitelty
admin-not-yet = Ei vielä
admin-why = Miksi
admin-activity-from-catalogue = Laji (luettelosta)
admin-duration-field = Kesto (minuutteina tai esim. 1h 30min)
admin-form-problems = Lomakkeessa on { $count ->
        [one] { $count } virhe
       *[other] { $count } virhettä
    }; katso alta.
admin-login-title = Kirjaudu
admin-login-password = Salasana
admin-login-button = Kirjaudu sisään
admin-code-title = Kaksivaiheinen kirjautuminen
admin-code-intro = Käyttäjän { $name } salasana oli oikein. Kirjoita kuusinumeroinen koodi, jonka todennussovelluksesi näyttää Activity Challengelle.
admin-code-label = Koodi
admin-code-button = Kirjaudu
admin-code-start-again = Aloita alusta
admin-dash-window = { $start } – { $end } ({ $zone }).
admin-dash-no-competition = Aktiivista kisaa ei ole.
admin-dash-set-one-up = Luo kisa
admin-dash-participants = Osallistujia
admin-dash-active-participants = Aktiivisia osallistujia
admin-dash-activities-today = Suorituksia tänään
admin-dash-activities-week = Suorituksia tällä viikolla
admin-dash-total-points = Pisteitä yhteensä
admin-dash-standings = Kiltojen tilanne
admin-dash-per-day = Suoritukset päivittäin
admin-dash-days-in = (päivät aikavyöhykkeellä { $zone })
admin-dash-mix = Lajijakauma
admin-dash-not-started = Ei vielä alkanut: alkaa { $start }, { $days ->
        [one] huomenna
       *[other] { $days } päivän päästä
    }.
admin-dash-last-day = Päivä { $day }/{ $total }: viimeinen päivä.
admin-dash-running = Päivä { $day }/{ $total }, { $left ->
        [one] { $left } päivä
       *[other] { $left } päivää
    } jäljellä.
admin-dash-finished = Kisa päättyi { $end }; tulokset ovat lopulliset, eikä niitä voi enää muuttaa.
admin-competitions-intro = Kerrallaan aktiivisena on yksi kisa: botti kirjaa suoritukset siihen ja tilanne näyttää sen. Valmistele seuraava kisa luonnoksena ja ajasta se aktivoitumaan haluamanasi päivänä. Päättynyttä kisaa ei voi enää muuttaa.
admin-competitions-new = Uusi kisa
admin-competitions-competition = Kisa
admin-competitions-days = Päivät
admin-competitions-time-zone = Aikavyöhyke
admin-competitions-state = Tila
admin-competitions-on-day = { $day }
admin-competitions-none-yet = Kisoja ei vielä ole:
admin-competitions-create-first = luo ensimmäinen
admin-competitions-none = Kisoja ei vielä ole.
admin-state-active = aktiivinen
admin-state-scheduled = ajastettu
admin-state-draft = luonnos
admin-state-past = päättynyt, vain luku
admin-competition-all = ← Kaikki kisat
admin-badge-active = Aktiivinen
admin-badge-scheduled = Ajastettu
admin-badge-draft = Luonnos
admin-badge-past = Päättynyt
admin-competition-active-note = Botti kirjaa suoritukset tähän kisaan, ja tilanne näyttää sen.
admin-competition-scheduled-note = Muuttuu aktiiviseksi kisaksi { $day } (keskiyöllä, { $zone }).
admin-competition-draft-note = Ei vielä aktiivinen: voit muokata sitä vapaasti.
admin-competition-past-note = Kisa päättyi { $end }; sitä ei voi enää muuttaa.
admin-competition-first-day = Ensimmäinen päivä
admin-competition-last-day = Viimeinen päivä
admin-competition-confirm-dates = Vahvista ja tallenna nämä päivät
admin-competition-keep-dates = Peruuta: pidä vanhat päivät
admin-competition-description = Kuvaus
admin-competition-zone-field = Aikavyöhyke (päivät vaihtuvat keskiyöllä tämän vyöhykkeen mukaan)
admin-competition-activation-legend = Milloin kisasta tulee aktiivinen
admin-competition-activation-draft = Ei vielä: tallenna luonnoksena
admin-competition-activation-on = Tiettynä päivänä:
admin-competition-activation-day = Päivä, jona kisasta tulee aktiivinen
admin-competition-activation-now = Heti (nykyisen aktiivisen tilalle)
admin-competition-create = Luo
admin-competition-activation = Aktivointi
admin-competition-becomes-active-on = Aktivoituu
admin-competition-change-day = Vaihda päivä
admin-competition-schedule = Ajasta
admin-competition-activate-now = Tee siitä aktiivinen kisa nyt
admin-competition-delete-draft = Poista tämä luonnos
admin-guilds-intro = Järjestys on sama kuin julkisessa tilanteessa: keskiarvon mukaan, ellei kisan säännöissä painoteta myös osallistumista. Keskiarvo = pisteet yhteensä ÷ asetettu jäsenmäärä; osallistumisprosentti = pisteitä saaneet jäsenet ÷ asetettu jäsenmäärä. Rekisteröitymiseltä suljettu kilta ei ota uusia jäseniä, mutta se kilpailee edelleen.
admin-guilds-rank = Sija
admin-guilds-registered = Rekisteröityneitä
admin-guilds-active = Aktiivisia
admin-guilds-configured = Asetettu koko
admin-guilds-total-points = Pisteet yhteensä
admin-guilds-average = Keskiarvo
admin-guilds-participation = Osallistuminen
admin-guilds-registration = Rekisteröityminen
admin-guilds-over-title = Rekisteröityneitä on enemmän kuin asetettu koko: osallistumisprosentti ylittää 100 %
admin-guilds-check = tarkista
admin-guilds-open = avoin
admin-guilds-closed = suljettu
admin-guilds-none-add = Kiltoja ei vielä ole: lisää ensimmäinen alla.
admin-guilds-none = Kiltoja ei vielä ole.
admin-guilds-add = Lisää kilta
admin-guilds-not-added = Kiltaa ei lisätty; katso alta.
admin-guilds-members-field = Jäsenmäärä (killan todellinen koko)
admin-guilds-add-button = Lisää kilta
admin-guilds-configured-members = Jäsenmäärä
admin-guild-all = ← Kaikki killat
admin-guild-open = Avoinna rekisteröitymiselle.
admin-guild-closed-badge = Suljettu rekisteröitymiseltä
admin-guild-closed-note = : uusia jäseniä ei voi liittyä. Jäsenet voivat edelleen kirjata suorituksia, ja kilta pysyy tilanteessa.
admin-guild-close = Sulje rekisteröitymiseltä
admin-guild-reopen = Avaa rekisteröitymiselle
admin-guild-edit = Muokkaa
admin-guild-not-saved = Kiltaa ei tallennettu; katso alta.
admin-guild-name-field = Nimi (uusi nimi päivittyy jokaisen jäsenen tietoihin)
admin-guild-save-anyway = Tallenna tämä koko silti
admin-guild-save-mine = Tallenna omat arvoni
admin-guild-members = Jäsenet ({ $count })
admin-guild-delete = Poista tämä kilta
admin-guild-cannot-delete = Kiltaa, jossa on jäseniä, ei voi poistaa: siirrä jäsenet ensin toiseen kiltaan tai sulje kilta rekisteröitymiseltä.
admin-participants-search-field = Nimi, käyttäjänimi tai Telegram-tunnus
admin-participants-search-placeholder = esim. Helmi Li tai @helmi
admin-participants-search = Hae
admin-participants-search-help = Hakusanat osuvat etu- ja sukunimien sekä käyttäjänimien alkuun tai mihin tahansa kohtaan, missä järjestyksessä tahansa ja ilman ääkkösiä: ”vaino makela” löytää Väinö Mäkelän.
admin-participants-test-user = Testikäyttäjä
admin-participants-test-badge = testi
admin-participants-nobody = Ei ketään.
admin-participant-delete-warning = { $name } (Telegram { $telegram }{ $guild }) poistetaan, samoin { $activities ->
        [one] { $activities } suoritus
       *[other] { $activities } suoritusta
    } ja { $points } pistettä. Tätä ei voi perua.
admin-participant-delete-for-good = Poista pysyvästi
admin-participant-telegram = Telegram
admin-participant-registered = Rekisteröitynyt ({ $zone })
admin-participant-add-correction = Lisää korjaus osallistujalle { $name }
admin-participant-move = Siirrä toiseen kiltaan
admin-participant-closed-guild = (suljettu rekisteröitymiseltä)
admin-participant-move-button = Siirrä
admin-participant-marked-test = Merkitty testikäyttäjäksi: testikäyttäjien siivous poistaa hänet.
admin-participant-unmark = Poista merkintä: oikea osallistuja
admin-participant-kept = Järjestäjä on poistanut merkinnän: oikea osallistuja, jota siivous ei koske nimestä riippumatta.
admin-participant-mark-test = Merkitse testikäyttäjäksi
admin-participant-activities = Suoritukset ({ $count })
admin-participant-edit-or-delete = Muokkaa tai poista
admin-participant-no-activities = Ei suorituksia.
admin-participant-timeline = Aikajana
admin-participant-timeline-help = Rekisteröityminen, kiltasiirrot, kirjatut suoritukset, korjaukset, muutokset ja poistot, uusimmat ensin (ajat aikavyöhykkeellä { $zone }).
admin-participant-by = – { $who }
admin-participant-nothing-yet = Ei vielä merkintöjä.
admin-participant-see-in-list = Näytä nämä suoritukset valvontalistassa
admin-participant-delete-link = Poista tämä osallistuja…
admin-activities-who-placeholder = nimi tai @käyttäjänimi
admin-activities-everyone = Näytä kaikkien
admin-activities-min = Min
admin-activities-edit = Muokkaa
admin-activities-reason-for = Syy suorituksen { $id } poistamiseen
admin-activities-none = Yksikään suoritus ei täsmää hakuun.
admin-activities-source = Lähde
admin-activity-source-short = { $source ->
        [typed] kirjattu
        [file] tiedosto
        [import] tuonti
       *[admin] järjestäjä
    }
admin-activities-correction = Lisää korjaus käsin
admin-activities-correction-help = Päivämäärille pätevät samat säännöt kuin kirjatessa: kisan päivien sisällä eikä tulevaisuudessa. Näet henkilön ja pisteet ennen kuin mitään tallennetaan.
admin-activities-correction-who = Osallistuja: nimi, @käyttäjänimi tai Telegram-tunnus
admin-activities-check-correction = Tarkista korjaus
admin-activity-logged-by = Kirjannut
admin-activity-logged-at = { $time } ({ $zone }).
admin-activity-source = Lähde: { $source ->
        [typed] kirjattu botissa
        [file] bottiin lähetetty treenitiedosto (siitä on tallennettu vain laji, alkuaika, kesto, matka ja tiiviste)
        [import] CSV-tuonti
       *[admin] järjestäjän lisäämä
    }.
admin-activity-now = Nyt: { $activity } { $date }, { $minutes } min, { $points } pistettä.
admin-activity-note = Huomautus: { $note }
admin-activity-change-help = Pisteet lasketaan uudelleen, ja osallistujan kokonaispisteet päivittyvät. Syy ja jokainen muutettu arvo ennen ja jälkeen tallentuvat tapahtumalokiin.
admin-activity-save-change = Tallenna muutos
admin-correction-summary = { $activity }, { $minutes } min, { $date }:
admin-correction-points = { $points } pistettä
admin-correction-why = Syy: { $note }
admin-correction-added-for = Suoritus lisätään osallistujalle:
admin-correction-points-now = Pisteet nyt
admin-correction-add-for = Lisää osallistujalle { $name }
admin-correction-several = Hakuun ”{ $who }” täsmää useampi osallistuja. Valitse oikea:
admin-correction-telegram = Telegram { $id }
admin-correction-candidate-points = { $points } pistettä
admin-correction-continue = Jatka
admin-feedback-submissions = Palautteita
admin-feedback-ease-card = Helppokäyttöisyys (1–5)
admin-feedback-usefulness-card = Hyödyllisyys (1–5)
admin-feedback-overall-card = Kokonaistyytyväisyys (1–5)
admin-feedback-rating-at-most = Jokin arvosana enintään
admin-feedback-any = Mikä tahansa
admin-feedback-comment-contains = Kommentissa on
admin-feedback-export = Vie palautteet
admin-feedback-export-formats = (CSV tai Excel).
admin-feedback-count = { $count ->
        [one] { $count } palaute täsmää
       *[other] { $count } palautetta täsmää
    }; ajat aikavyöhykkeellä { $zone }.
admin-feedback-ease = Helppous
admin-feedback-useful = Hyöty
admin-feedback-overall = Kokonaisuus
admin-feedback-comment = Kommentti
admin-feedback-yes = Kyllä
admin-feedback-no = Ei
admin-feedback-unmark = Poista merkintä
admin-feedback-mark = Merkitse käsitellyksi
admin-feedback-none = Yksikään palaute ei täsmää hakuun.
admin-exports-intro-1 = Valitse sen mukaan, millä avaat tiedoston.
admin-exports-xlsx-name = Excel-työkirja
admin-exports-intro-2 = aukeaa suoraan Excelissä, Numbersissa ja LibreOfficessa niin, että luvut ovat lukuja ja päivämäärät päivämääriä (ajat aikavyöhykkeellä { $zone }).
admin-exports-excel-fi-name = CSV Exceliin (suomi)
admin-exports-intro-3 = käyttää puolipisteitä ja desimaalipilkkuja, kuten suomenkielinen Excel odottaa;
admin-exports-excel-name = CSV Exceliin (englanti)
admin-exports-intro-4 = käyttää pilkkuja ja desimaalipisteitä. Kummankin alussa on tavujärjestysmerkki (BOM), jotta ä ja ö näkyvät oikein.
admin-exports-csv-name = Pelkkä CSV
admin-exports-intro-5 = (UTF-8, RFC 4180) on skripteille. Solut, jotka taulukkolaskenta tulkitsisi kaavoiksi, alkavat heittomerkillä. Jätä päivämäärät tyhjiksi, niin saat kaiken.
admin-exports-file = Tiedosto
admin-exports-format-xlsx = Excel-työkirja (.xlsx)
admin-exports-format-excel-fi = CSV Exceliin, suomi (;)
admin-exports-format-excel = CSV Exceliin, englanti (,)
admin-export-participants = Osallistujat
admin-export-participants-download = Lataa osallistujat
admin-export-participants-about = Rekisteröitymispäivä on välillä.
admin-export-activities = Suoritukset
admin-export-activities-download = Lataa suoritukset
admin-export-activities-about = Suorituspäivä on välillä.
admin-export-guild-stats = Kiltojen tilastot
admin-export-guild-stats-download = Lataa kiltojen tilastot
admin-export-guild-stats-about = Pisteet välillä tehdyistä suorituksista.
admin-export-feedback = Palaute
admin-export-feedback-download = Lataa palautteet
admin-export-feedback-about = Palautteen antopäivä on välillä.
admin-export-audit-log = Tapahtumaloki
admin-export-audit-log-download = Lataa tapahtumaloki
admin-export-audit-log-about = Merkinnän päivä on välillä (kiltaa ei käytetä). Tapahtumaloki-sivulta voi viedä merkinnät sivun suodattimilla.
admin-cleanup-intro-1 = Testikäyttäjiksi merkityt osallistujat ovat valmiiksi valittuina. Ne, joiden nimi vain näyttää testiltä (käyttäjänimen alussa
admin-cleanup-intro-2 = , etunimen alussa
admin-cleanup-intro-3 = ) näkyvät valitsemattomina: tarkista heidät ja valitse poistettavat.
admin-cleanup-intro-4 = Oikean osallistujan merkinnän voi poistaa hänen sivultaan, jolloin nimisäännöt eivät enää koske häntä. Vahvistus poistaa valitut osallistujat suorituksineen ja palautteineen kerralla.
admin-cleanup-none = Testikäyttäjiä ei löytynyt: siivottavaa ei ole.
admin-cleanup-tick-all = Valitse kaikki
admin-cleanup-untick-all = Poista valinnat
admin-cleanup-summary = Valittuna { $ticked }/{ $total } osallistujaa: poistuisi { $activities ->
        [one] { $activities } suoritus
       *[other] { $activities } suoritusta
    } ja { $points } pistettä.
admin-cleanup-remove = Poista
admin-cleanup-why-listed = Miksi listalla
admin-cleanup-page = (sivu)
admin-cleanup-marked = merkitty testikäyttäjäksi
admin-cleanup-looks-like-test = nimi näyttää testiltä: tarkista
admin-cleanup-delete = Poista valitut osallistujat
admin-audit-action = Toiminto
admin-audit-action-family = { $action }* (kaikki)
admin-audit-who = Kuka
admin-audit-anyone = Kuka tahansa
admin-audit-name-contains = Nimessä on
admin-audit-hide-sign-ins = Piilota kirjautumiset
admin-audit-count = { $count ->
        [one] { $count } merkintä
       *[other] { $count } merkintää
    }; päivät ja ajat aikavyöhykkeellä { $zone }.
admin-audit-export-xlsx = Vie nämä Excel-työkirjaksi
admin-audit-or = tai
admin-audit-export-csv = CSV-tiedostoksi Exceliin
admin-audit-when = Milloin ({ $zone })
admin-audit-what = Mitä
admin-audit-to-what = Mihin
admin-audit-details = Tiedot
admin-audit-nothing = Mikään ei täsmää hakuun.
admin-database-health = Kunto
admin-database-figures-failed = Tarkempia lukuja ei saatu luettua: { $error }
admin-database-figures = Luvut tämän takana (tietokannan ylläpitäjälle)
admin-database-figures-note = Osiot, joissa ei ole näytettävää, jätetään pois. Sama raportti komentoriviltä:
admin-database-backend = Tietokanta: { $backend }.
admin-database-backups = Varmuuskopiot
admin-database-directory = Kansio:
admin-database-format = Muoto
admin-database-format-plain = Pakattu SQL (.sql.gz)
admin-database-format-custom = Custom (.dump, osittainen palautus)
admin-database-back-up-now = Varmuuskopioi nyt
admin-database-backups-by-dba = Varmuuskopiot ottavat ja tarkistavat tietokannan ylläpitäjät.
admin-database-size = Koko
admin-database-taken = Otettu
admin-database-actions = Toiminnot
admin-database-verify = Tarkista
admin-database-no-backups = Varmuuskopioita ei vielä ole.
admin-database-maintenance = Huolto
admin-database-analyze = Analyze (päivitä kyselysuunnittelijan tilastot)
admin-database-vacuum = Vacuum analyze (vapauta kuolleet rivit, ei raskaita lukituksia)
admin-database-vacuum-full = Vacuum full (kirjoittaa taulut uudelleen: lukitsee taulut)
admin-database-reindex = Reindex (yksi taulu tai kaikki: lukitsee taulut)
admin-database-table = Taulu (tyhjä: kaikki)
admin-database-all-tables = Kaikki taulut
admin-database-understand-locks = Ymmärrän, että vacuum full ja koko tietokannan reindex lukitsevat taulut, kunnes ne ovat valmiit
admin-database-run = Suorita
admin-database-idle-minutes = Katkaise tämän tietokannan yhteydet, jotka ovat olleet joutilaina yli (minuuttia)
admin-database-end-them = Katkaise ne
admin-database-end-idle = Katkaise joutilaat yhteydet
admin-admins-roles-1 = Roolit:
admin-admins-roles-2 = näkee kaikki sivut muttei muuta mitään;
admin-admins-roles-3 = pyörittää kisaa (kisat, killat, osallistujat, suoritukset, palaute, vienti, siivous) ja voi avata lukitun tilin;
admin-admins-roles-4 = voi lisäksi ottaa ja tarkistaa varmuuskopiot, huoltaa tietokantaa ja hallita näitä tilejä.
admin-admins-lockout = Viisi väärää salasanaa tai koodia 15 minuutin sisällä lukitsee tilin noiden 15 minuutin loppuajaksi. Jokainen estetty yritys näkyy
admin-admins-lockout-link = tapahtumalokissa
admin-admins-admin = Ylläpitäjä
admin-admins-role = Rooli
admin-admins-two-factor = Kaksivaiheinen
admin-admins-last-login = Viimeksi kirjautunut ({ $zone })
admin-admins-last-login-short = Viimeksi kirjautunut
admin-admins-sign-in = Kirjautuminen
admin-admins-you = (sinä)
admin-admins-role-of = Käyttäjän { $name } rooli
admin-admins-on = käytössä
admin-admins-off = ei käytössä
admin-admins-turn-off-lost = Poista käytöstä (kadonnut puhelin)
admin-admins-blocked-for = Lukittu vielä { $wait }
admin-admins-unlock = Avaa lukitus
admin-admins-open = avoin
admin-admins-add = Lisää ylläpitäjä
admin-admins-name-field = Nimi (isoilla kirjaimilla ei ole väliä)
admin-admins-password-field = Salasana (vähintään 10 merkkiä; kerro se henkilölle kasvokkain)
admin-admins-add-button = Lisää ylläpitäjä
admin-account-signed-in = Olet kirjautunut roolilla { $role }:
admin-account-viewer = Näet kaikki sivut, mutta et voi muuttaa mitään.
admin-account-organiser = Voit pyörittää kisaa; varmuuskopiot, tietokannan huolto ja ylläpitäjien tilit kuuluvat tietokannan ylläpitäjille.
admin-account-dba = Voit tehdä kaiken, myös varmuuskopiot, tietokannan huollon ja ylläpitäjien tilien hallinnan.
admin-account-language = Kieli
admin-account-language-help = Valitse hallintapaneelin kieli minkä tahansa sivun yläosasta; valinta tallentuu tilillesi. Ennen valintaa paneeli käyttää selaimesi kieltä.
admin-account-on = Käytössä
admin-account-on-note = Kirjautuessa kysytään salasanasi ja koodi todennussovelluksestasi.
admin-account-code-from-app = Koodi sovelluksesta
admin-account-turn-off = Poista käytöstä
admin-account-step-1 = Avaa todennussovellus (esimerkiksi Google Authenticator, Microsoft Authenticator, 2FAS tai Aegis) ja lisää tili lukemalla tämä koodi:
admin-account-or-type = tai kirjoita tämä avain:
admin-account-key-kind = (aikaan perustuva, 6 numeroa, 30 sekunnin välein).
admin-account-on-this-phone = Tällä puhelimella voit myös
admin-account-open-app = avata sovelluksen suoraan
admin-account-step-2 = Kirjoita kuusi numeroa, jotka sovellus nyt näyttää:
admin-account-turn-on = Ota käyttöön
admin-account-off = Ei käytössä
admin-account-off-note = Kuka tahansa salasanasi tietävä voi kirjautua sinuna. Kaksivaiheisen kirjautumisen kanssa hän tarvitsee myös puhelimesi.
admin-account-set-up = Ota kaksivaiheinen kirjautuminen käyttöön
admin-error-not-logged-in = Et ole kirjautunut
admin-error-session-ended = Istuntosi on päättynyt. Kirjaudu uudelleen ja toista toiminto.
admin-error-not-allowed = Ei sallittu
admin-error-form-too-large = Lomake on liian suuri
admin-error-form-too-large-text = Lomake oli suurempi kuin palvelin hyväksyy.
admin-error-form-expired = Lomake vanhentui
admin-error-form-expired-text = Lomakkeen suojatunniste puuttuu tai on vanhentunut. Palaa takaisin, lataa sivu uudelleen ja yritä uudelleen.
admin-error-login-form-expired = Kirjautumislomakkeen suojatunniste puuttuu tai on vanhentunut. Lataa kirjautumissivu uudelleen ja yritä uudelleen (evästeiden pitää olla sallittuja).
admin-error-code-form-expired = Lomakkeen suojatunniste puuttuu tai on vanhentunut. Kirjaudu uudelleen.
admin-error-not-found = Ei löytynyt
admin-error-no-such-page = Hallintapaneelissa ei ole tällaista sivua. Löydät tarvitsemasi valikosta.
admin-error-not-done = Ei tehty
admin-error-try-again = Yritä uudelleen
admin-error-went-wrong = Jokin meni vikaan
admin-error-did-not-work = Se ei onnistunut
admin-error-database = Tietokanta ei saanut pyyntöä tehtyä. Yritä uudelleen; jos ongelma jatkuu, katso palvelimen loki.
admin-wait-minutes = { $minutes ->
        [one] { $minutes } minuutti
       *[other] { $minutes } minuuttia
    }
admin-blocked-account = tälle tilille
admin-blocked-address = osoitteestasi
admin-too-many-logins = Liian monta epäonnistunutta kirjautumista { $whom }. Odota { $wait } ja yritä uudelleen, tai pyydä toista ylläpitäjää avaamaan tilin lukitus.
admin-welcome = Tervetuloa, { $name }.
admin-sign-in-too-long = Kirjautuminen kesti liian kauan. Kirjaudu uudelleen.
admin-logged-out = Olet kirjautunut ulos.
admin-language-unknown = Valitse jokin sivun yläosan kielistä.
admin-filter-date-invalid = { $label } ”{ $text }” ei ole päivämäärä; käytä muotoa VVVV-KK-PP, esimerkiksi 2025-09-01.
admin-label-from-date = Alkupäivä
admin-label-to-date = Loppupäivä
admin-label-activation-day = Aktivointipäivä
admin-activity-deleted = Suoritus #{ $id } poistettiin; osallistujalla on nyt { $total } pistettä.
admin-activity-not-in-catalogue = ”{ $activity }” ei ole lajiluettelossa; valitse laji listasta.
admin-duration-problem = Kesto: { $problem }
admin-date-format = Päivämäärä kirjoitetaan muodossa VVVV-KK-PP, esim. 2025-09-01.
admin-correction-why-required = Kerro, miksi korjaus tehdään (syy tallentuu suorituksen yhteyteen).
admin-correction-who-required = Kerro, kenelle korjaus tehdään: nimi, @käyttäjänimi tai Telegram-tunnus.
admin-correction-nobody = Kukaan ei täsmää hakuun ”{ $who }”. Kokeile osaa etu- tai sukunimestä, @käyttäjänimeä tai Telegram-tunnusta.
admin-correction-too-many = Hakuun ”{ $who }” täsmää yli kymmenen osallistujaa; kirjoita nimeä pidemmälle.
admin-correction-added = Lisättiin suoritus { $activity } osallistujalle { $name }: { $points } pistettä; hänellä on nyt yhteensä { $total } pistettä.
admin-activity-title = Suoritus #{ $id }
admin-activity-changed = Suoritusta #{ $id } muutettiin: { $after } pistettä aiemman { $before } sijaan; osallistujalla on nyt { $total } pistettä.
admin-cleanup-title = Testikäyttäjien siivous
admin-cleanup-damaged = Lomake oli vioittunut; mitään ei poistettu. Lataa esikatselu uudelleen ja yritä uudelleen.
admin-cleanup-removed = Poistettiin { $participants ->
        [one] { $participants } testiosallistuja
       *[other] { $participants } testiosallistujaa
    }, { $activities } suoritusta ja { $points } pistettä; tilanne ei enää laske niitä mukaan.
admin-account-totp-on = Kaksivaiheinen kirjautuminen on käytössä: tästä lähtien kirjautuessa kysytään koodi sovelluksestasi.
admin-account-totp-off = Kaksivaiheinen kirjautuminen ei ole enää käytössä.
admin-admins-created = Ylläpitäjä ”{ $name }” luotiin roolilla { $role }.
admin-admins-pick-role = Valitse rooli listasta: katselija, järjestäjä tai tietokannan ylläpitäjä.
admin-admins-role-set = Käyttäjän ”{ $name }” rooli on nyt { $role }.
admin-admins-unlocked = ”{ $name }” voi taas kirjautua; epäonnistuneet yritykset on unohdettu.
admin-admins-totp-off = Käyttäjän ”{ $name }” kaksivaiheinen kirjautuminen on poistettu käytöstä; hän voi ottaa sen uudelleen käyttöön kohdassa Oma tili.
admin-chart-no-data = Ei vielä tietoja.
admin-chart-most-in-a-day = Eniten päivässä: { $count }
admin-dash-standings-chart = Kiltojen tilanne: pisteitä jäsentä kohden
admin-dash-standings-chart-score = Kiltojen tilanne: yhdistetty tulos (0–100)
admin-dash-mix-chart = Lajijakauma: eniten kirjatut lajit
admin-competition-title = Kisa ”{ $name }”
admin-competition-give-day = Anna päivä, jona kisasta tulee aktiivinen.
admin-competition-created-active = Kisa ”{ $name }” luotiin, ja se on nyt aktiivinen.
admin-competition-created-draft = Kisa ”{ $name }” luotiin luonnoksena.
admin-competition-created-scheduled = Kisa ”{ $name }” luotiin, ja se muuttuu aktiiviseksi { $day }.
admin-competition-saved = Kisa ”{ $name }” tallennettiin.
admin-competition-draft-deleted = Luonnos ”{ $name }” poistettiin.
admin-competition-now-active = ”{ $name }” on nyt aktiivinen kisa.
admin-competition-becomes-active = ”{ $name }” muuttuu aktiiviseksi kisaksi { $day }.
admin-competition-stays-draft = ”{ $name }” pysyy luonnoksena, kunnes se aktivoidaan käsin.
admin-database-choose-action = Valitse analyze, vacuum, vacuum full tai reindex.
admin-database-whole = koko tietokanta
admin-database-table-name = taulu { $table }
admin-database-maintenance-done = { $action } valmis: { $target }.
admin-database-tick-locks = Tämä lukitsee taulut: botti ja hallintapaneeli odottavat, kunnes se on valmis. Rastita vahvistus, jos haluat ajaa sen.
admin-database-maintenance-failed = { $action } epäonnistui ({ $target }): { $error }
admin-database-idle-range = Anna joutoaika kokonaisina minuutteina väliltä 1–1440 (esim. 5).
admin-database-tick-idle = Rastita vahvistus, jos haluat katkaista joutilaat yhteydet.
admin-database-idle-ended = Katkaistiin { $ended } yhteyttä, jotka olivat olleet joutilaina yli { $minutes } minuuttia.
admin-database-pick-backup = Valitse varmuuskopio listasta.
admin-database-verified = { $name } palautuu täsmälleen sellaiseksi kuin se tallennettiin.
admin-database-verify-bad = { $name } EI ole kunnossa: { $problems }
admin-database-verify-failed = Varmuuskopiota { $name } ei voitu tarkistaa: { $error }
admin-export-no-such = Tällaista vientiä ei ole
admin-export-names = Viennit ovat { $names }, kukin .csv- tai .xlsx-muodossa.
admin-export-not-started = Vientiä ei aloitettu
admin-feedback-rating-invalid = Arvosana ”{ $rating }” ei ole väliltä 1–5.
admin-feedback-choose = Valitse, merkitäänkö palaute käsitellyksi vai ei.
admin-feedback-marked = Palaute #{ $id } on merkitty käsitellyksi.
admin-feedback-unmarked = Palaute #{ $id } on merkitty käsittelemättömäksi.
admin-guild-added = Kilta ”{ $name }” lisättiin.
admin-guild-title = Kilta { $name }
admin-guild-saved = Kilta ”{ $name }” tallennettiin.
admin-guild-choose = Valitse, avataanko vai suljetaanko kilta.
admin-guild-reopened = Kilta ”{ $name }” on taas avoinna rekisteröitymiselle.
admin-guild-closed = Kilta ”{ $name }” on suljettu rekisteröitymiseltä: uusia jäseniä ei voi liittyä. Jäsenet voivat edelleen kirjata suorituksia, ja kilta pysyy tilanteessa.
admin-guild-deleted = Kilta ”{ $name }” poistettiin.
admin-timeline-registered = Rekisteröityi
admin-timeline-moved = Siirrettiin toiseen kiltaan
admin-timeline-marked-test = Merkittiin testikäyttäjäksi
admin-timeline-unmarked-test = Merkintä poistettiin: oikea osallistuja
admin-timeline-correction = Korjaus lisättiin
admin-timeline-edited = Suoritusta muutettiin
admin-timeline-deleted = Suoritus poistettiin
admin-timeline-logged = Kirjasi suorituksen
admin-timeline-logged-details = { $activity } { $date }, { $minutes } min, { $points } pistettä
admin-participant-choose-guild = Valitse kilta, johon osallistuja siirretään.
admin-participant-moved = { $name } kuuluu nyt kiltaan { $guild }; pisteet siirtyivät mukana.
admin-participant-choose-mark = Valitse, lisätäänkö vai poistetaanko merkintä.
admin-participant-now-test = { $name } on merkitty testikäyttäjäksi.
admin-participant-now-real = { $name } on oikea osallistuja: testikäyttäjien siivous ei koske häntä nimestä riippumatta.
admin-participant-delete-title = Poistetaanko { $name }?
admin-participant-deleted = { $name } poistettiin, samoin { $activities } suoritusta ja { $feedback } palautetta.
admin-account-qr-label = Todennussovelluksen salaisuuden QR-koodi
admin-audit-unknown-actor-kind = ”{ $kind }” ei ole tekijän laji; valitse jokin listasta.
admin-activities-not-a-participant-number = ”{ $text }” ei ole osallistujan numero; hae nimellä kentästä ”Osallistuja”.

# Pisteytyssäännöt kisan sivulla.
admin-rules-title = Pisteytyssäännöt
admin-rules-hint = Jätä kenttä tyhjäksi, jos sääntöä ei ole. Säännöt koskevat suorituksia, jotka kirjataan tallennuksen jälkeen; jo kirjatut suoritukset pitävät pisteensä, kunnes lasket ne uudelleen.
admin-rules-min-minutes = Lyhin hyväksytty suoritus (minuuttia)
admin-rules-max-minutes = Pisin laskettava suoritus (minuuttia; sen ylittäviä minuutteja ei lasketa)
admin-rules-daily-max = Enimmäispisteet osallistujaa kohden päivässä
admin-rules-excluded = Kisan ulkopuolelle jätetyt kategoriat tai Compendium-koodit, yksi riville
admin-rules-multipliers = Kerroinjaksot, yksi riville: kerroin, päivät ja halutessasi kategoria tai koodi (×2 2027-03-01..2027-03-07 Cycling)
admin-rules-save = Tallenna säännöt
admin-rules-saved = Kisan ”{ $name }” säännöt tallennettiin; ne koskevat tästä eteenpäin kirjattavia suorituksia.
admin-rules-multipliers-example = ×2 2027-03-01..2027-03-07 Cycling
admin-rules-guild-score = Kiltojen järjestys
admin-rules-guild-score-average = Keskiarvon mukaan: pisteet ÷ killan jäsenmäärä
admin-rules-guild-score-composite = Yhdistetyn 0–100 pisteen tuloksen mukaan, jossa painaa myös osallistuminen
admin-rules-weights-hint = Yhdistettyä tulosta varten: painot prosentteina, yhteensä 100. Jäsentä kohden laskettuja pisteitä verrataan parhaan killan keskiarvoon (paras saa koko osuutensa); osallistuminen on pisteitä saaneet jäsenet ÷ killan jäsenmäärä, enintään 100 %.
admin-rules-points-weight = Jäsenkohtaisten pisteiden paino (%)
admin-rules-participation-weight = Osallistumisen paino (%)
admin-guilds-score = Tulos
admin-recompute-hint = Ennen sääntöjen muutosta kirjatut suoritukset pitävät pisteensä. Uudelleenlaskenta laskee ne kaikki yllä olevien sääntöjen mukaan, kuin ne olisi kirjattu niiden ollessa voimassa.
admin-recompute-preview = Esikatsele uudelleenlaskentaa
admin-recompute-title = Laske ”{ $name }” uudelleen
admin-recompute-summary = Näiden sääntöjen mukaan { $checked } suorituksesta { $changed } saisi eri pisteet, ja { $people ->
        [one] yhden osallistujan
       *[other] { $people } osallistujan
    } yhteispisteet muuttuisivat.
admin-recompute-how = Jokainen suoritus lasketaan uudelleen kuin se olisi kirjattu näiden sääntöjen aikana, kirjausjärjestyksessä, joten päivän enimmäismäärä osuu samoihin suorituksiin kuin silloin. Suoritukset, jotka säännöt nyt rajaavat pois, eivät tuo pisteitä mutta säilyvät; korjaukset pitävät pisteensä. Mitään ei muuteta ennen kuin painat painiketta; silloin pisteet, yhteispisteet ja sijoitukset muuttuvat kerralla, ja muutos kirjataan tapahtumalokiin.
admin-recompute-people = Osallistujat, joiden pisteet muuttuvat
admin-recompute-guilds = Kiltojen tilanne uudelleenlaskennan jälkeen
admin-recompute-before = Ennen
admin-recompute-after = Jälkeen
admin-recompute-change = Muutos
admin-recompute-average-before = Keskiarvo ennen
admin-recompute-average-after = Keskiarvo jälkeen
admin-recompute-was-rank = (oli { $rank }.)
admin-recompute-apply = Laske pisteet uudelleen nyt
admin-recompute-back = Ei laskettavaa: takaisin kisaan
admin-recompute-done = Laskettu uudelleen: { $changed } suoritusta ja { $people } osallistujan yhteispisteet päivitettiin; sijoitukset ja kiltojen tilanne seuraavat.
admin-recompute-score-before = Tulos ennen
admin-recompute-score-after = Tulos jälkeen
admin-nav-hall-of-fame = Kunniagalleria
admin-hall-of-fame = Kunniagalleria
admin-hall-of-fame-empty = Yhtään kautta ei ole vielä päätetty. Päätä kausi päättyneen kisan sivulta; sen lopulliset tulokset säilyvät täällä.
admin-hall-of-fame-figures = { $participants } osallistujaa pisteillä, { $activities } merkintää (tallessa arkistossa)
admin-hall-of-fame-top = Parhaat osallistujat
admin-hall-of-fame-former = entinen osallistuja
admin-hall-of-fame-anonymous = anonyymi
admin-season-end-button = Päätä kausi…
admin-season-end-title = Päätä kisan ”{ $name }” kausi
admin-season-summary = Nämä tulokset ja { $participants } osallistujan sijoitukset tallentuvat kunniagalleriaan; { $activities } merkintää ({ $points } pistettä) ennen päivää { $day } siirtyy arkistoon ja pois pistesummista.
admin-season-how = Osallistujat ja killat säilyvät; kaikkien pisteet alkavat seuraavassa kisassa nollasta. Merkinnät säilyvät arkistossa (vietävissä CSV-tiedostona). Kauden voi päättää vain kerran.
admin-season-guilds = Kiltojen lopputulokset
admin-season-no-guilds = Ei kiltoja.
admin-season-points = Pisteet
admin-season-average = Per jäsen
admin-season-participation = Osallistuminen
admin-season-score = Tulos
admin-season-end-apply = Päätä kausi
admin-season-ended = Kisan ”{ $name }” kausi on päätetty: tulokset ovat kunniagalleriassa ja { $activities } merkintää arkistossa.
admin-export-archived-activities = Arkistoidut suoritukset
admin-export-archived-activities-download = Lataa arkistoidut suoritukset
admin-export-archived-activities-about = Päättyneiden kausien ja arkistoitujen päivien merkinnät; suorituspäivä on välillä.
admin-nav-reviews = Tarkistusjono
admin-review-count = { $count } merkittyä suoritusta odottaa päätöstä (ajat aikavyöhykkeellä { $zone }).
admin-review-long-day = Päivässä enemmän tunteja kuin raja sallii
admin-review-outlier-points = Pisteet selvästi yli henkilön tavallisen ja kisan tason
admin-review-repeated = Sama suoritus monta kertaa samana päivänä
admin-review-late-backdated = Vanha päivä kirjattu juuri ennen kisan päättymistä
admin-review-recent = Henkilön viimeisimmät suoritukset
admin-review-day = Päivä
admin-review-activity = Laji
admin-review-minutes = Minuutit
admin-review-points = Pisteet
admin-review-approve = Hyväksy
admin-review-reject = Hylkää
admin-review-reason = Syy (kerrotaan osallistujalle)
admin-review-none = Yksikään merkitty suoritus ei odota päätöstä.
admin-review-approved = Merkitty suoritus #{ $id } on hyväksytty; se jää voimaan.
admin-review-rejected = Merkitty suoritus #{ $id } on hylätty: suoritus ja sen pisteet poistettiin, ja osallistujalle kerrotaan asiasta, kun hän seuraavan kerran kirjoittaa botille.
admin-dash-pending-reviews = Tarkistettavia merkittyjä suorituksia

## Tiedotteet
announcement-audience-everyone = kaikki osallistujat
announcement-audience-guild = killan { $guild } jäsenet
announcement-audience-inactive = osallistujat, joilla ei ole kirjauksia { $days } { $days ->
        [one] päivään
       *[other] päivään
    }
admin-nav-announcements = Tiedotteet
admin-nav-queue = Työjono
admin-announcement-new = Uusi tiedote
admin-announcement-text = Teksti
admin-announcement-text-hint = Pelkkää tekstiä, sellaisena kuin osallistujat lukevat sen botissa; enintään { $max } merkkiä. Mitään ei lähetetä ennen kuin vahvistat esikatselun.
admin-announcement-audience = Vastaanottajat
admin-announcement-one-guild = yksi kilta:
admin-announcement-inactive = osallistujat, jotka eivät ole kirjanneet mitään hiljattain
admin-announcement-days = päiviä ilman kirjausta:
admin-announcement-preview-button = Esikatsele
admin-announcement-preview-title = Esikatsele tiedote
admin-announcement-preview-who = Vastaanottajat: { $audience }, nyt { $count ->
        [one] 1 osallistuja
       *[other] { $count } osallistujaa
    }. Testikäyttäjät ja botin estäneet jätetään pois.
admin-announcement-as-seen = Viesti sellaisena kuin osallistujat sen näkevät
admin-announcement-pacing = Viestit lähtevät Telegramin tahdissa (30 sekunnissa), joten suurelle joukolle lähettäminen kestää muutaman minuutin; voit seurata sitä ja perua lähettämättömät.
admin-announcement-send-button = Lähetä { $count ->
        [one] 1 osallistujalle
       *[other] { $count } osallistujalle
    }
admin-announcement-back = Muokkaa
admin-announcement-queued = Tiedote on matkalla { $count ->
        [one] 1 osallistujalle
       *[other] { $count } osallistujalle
    }.
admin-announcement-title = Tiedote #{ $id }
admin-announcement-sent = Lähetetyt tiedotteet
admin-announcement-none = Ei vielä tiedotteita.
admin-announcement-when = Lähetetty
admin-announcement-sent-count = Perillä
admin-announcement-waiting = Odottaa
admin-announcement-failed = Epäonnistui
admin-announcement-unreachable = Estänyt botin
admin-announcement-cancelled-count = Peruttu
admin-announcement-is-cancelled = peruttu
admin-announcement-counts-hint = Luvut päivittyvät lähetyksen edetessä.
admin-announcement-refresh = Päivitä
admin-announcement-cancel-button = Peru lähettämättömät
admin-announcement-cancelled = Peruttu: { $count ->
        [one] 1 viesti jäi
       *[other] { $count } viestiä jäi
    } lähettämättä. Jo lähetetyt pysyvät lähetettyinä.
admin-announcement-all = Kaikki tiedotteet
admin-queue-about = Ajastetut työt (varmuuskopiot, ylläpito) ja viestit (tiedotteet, hälytykset) odottavat täällä, kunnes jokin palvelimen instanssi suorittaa ne. Epäonnistunutta työtä yritetään uudelleen pidentyvin tauoin; viimeisen yrityksen jälkeen se pysäytetään alle virheineen.
admin-queue-empty = Jono on tyhjä.
admin-queue-queue = Jono
admin-queue-state = Tila
admin-queue-jobs = Töitä
admin-queue-parked = Pysäytetyt työt
admin-queue-none-parked = Yhtään työtä ei ole pysäytetty.
admin-queue-tries = { $count ->
        [one] 1 yritys
       *[other] { $count } yritystä
    }
admin-queue-retry = Yritä uudelleen
admin-queue-retried = Työ #{ $id } on taas jonossa ja suoritetaan pian.
