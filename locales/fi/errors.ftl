# Sääntöjen ja toimintojen hylkäys- ja tarkistusviestit.

## Lomakkeen kentät viestien sisällä.
label-guild-name = Killan nimi
label-competition-name = Kisan nimi
label-description = Kuvaus
label-start-date = Alkupäivä
label-end-date = Loppupäivä
label-ease-of-use = Helppokäyttöisyys
label-usefulness = Hyödyllisyys
label-overall-satisfaction = Kokonaistyytyväisyys
label-your-feedback = Palautteesi

err-field-required = { $label } puuttuu. Kirjoita se kenttään.
err-field-too-short = { $label }: vähintään { $min } merkkiä, kirjoitit { $count }. Kirjoita vähän lisää.
err-field-too-long = { $label }: enintään { $max } merkkiä, kirjoitit { $count }. Lyhennä tekstiä.

## Palaute
err-rating-out-of-range = { $label }: arvosanan pitää olla 1–5, mutta se oli { $value }. Valitse luku 1 (huono) – 5 (erinomainen).
err-rating-invalid = ”{ $text }” ei kelpaa arvosanaksi. Valitse kokonaisluku 1 (huono) – 5 (erinomainen).

## Killat
err-guild-name-control = Killan nimessä on rivinvaihto, sarkain tai muu ohjausmerkki. Kirjoita nimi yhdelle riville ilman niitä.
err-guild-size-below-registered = Killassa { $name } on { $registered } rekisteröitynyttä osallistujaa, enemmän kuin asetettu jäsenmäärä { $members }: osallistumisprosentiksi tulisi { $percent } % ja keskiarvo vääristyisi. Tarkista killan todellinen koko; vahvista, jos haluat silti tallentaa jäsenmääräksi { $members }.
err-member-count-required = Jäsenmäärä puuttuu. Kirjoita, montako jäsentä killassa on, esimerkiksi 25.
err-member-count-negative = Jäsenmäärän pitää olla suurempi kuin 0, mutta se oli { $text }. Kirjoita, montako jäsentä killassa on, esimerkiksi 25.
err-member-count-not-number = Jäsenmäärä ”{ $text }” ei ole kokonaisluku. Kirjoita pelkkiä numeroita, esimerkiksi 25.
err-member-count-zero = Jäsenmäärän pitää olla suurempi kuin 0. Kirjoita, montako jäsentä killassa on, esimerkiksi 25.
err-member-count-too-large = Jäsenmäärä { $text } on liian suuri; enimmäismäärä on 1 000 000. Kirjoita killan todellinen koko.

## Kisat ja päivämäärät
err-end-before-start = Loppupäivä { $end } on ennen alkupäivää { $start }. Valitse loppupäiväksi alkupäivä tai sitä myöhäisempi päivä.
err-competition-too-long = Kisa kestäisi { $days } päivää; enintään { $max } päivää on mahdollista. Tarkista kummankin päivämäärän vuosi.
err-date-required = { $label } puuttuu. Kirjoita se muodossa VVVV-KK-PP, esimerkiksi 2025-09-01.
err-date-format = { $label } ”{ $text }” ei ole muotoa VVVV-KK-PP. Kirjoita se esimerkiksi näin: 2025-09-01.
err-date-not-in-calendar = { $label } { $text } ei ole olemassa kalenterissa. Tarkista kuukausi ja päivä (muoto VVVV-KK-PP, esimerkiksi 2025-09-01).
err-date-years = { $label } { $text } ei ole vuosien { $first }–{ $last } välillä. Tarkista vuosi.
err-time-zone-required = Aikavyöhyke puuttuu. Käytä IANA-nimeä, esimerkiksi ”Europe/Helsinki”.
err-time-zone-unknown = ”{ $input }” ei ole tunnettu aikavyöhyke. Käytä IANA-nimeä, esimerkiksi ”Europe/Helsinki”.
err-date-before-start = Kisa alkoi { $start }, joten sitä aiemmat suoritukset eivät kelpaa. Valitse päivä väliltä { $start } – tänään.
err-date-after-end = Kisa päättyy { $end }, joten myöhemmät päivät eivät kelpaa. Valitse päivä, joka on viimeistään tänään ja viimeistään { $end }.
err-date-in-future = Tänään on { $today }, joten tulevia päiviä ei voi kirjata. Valitse tämä päivä tai jokin aiempi.
err-competition-not-started = Kisa alkaa { $start }. Voit kirjata suorituksia siitä päivästä alkaen.
err-competition-finished = Kisa päättyi { $end }, joten suorituksia ei voi enää kirjata. Jos jokin suoritus puuttuu, ota yhteyttä ylläpitäjään.

## Kestot
err-duration-empty = Kirjoita, kauanko liikuit, esimerkiksi ”45” tai ”1h30”.
err-duration-zero = Keston pitää olla vähintään 1 minuutti. Kirjoita liikkumiseen käyttämäsi aika, esimerkiksi ”30”.
err-duration-negative = Kesto ei voi olla negatiivinen. Kirjoita liikkumiseen käyttämäsi aika, esimerkiksi ”45”.
err-duration-too-long = { $minutes } minuuttia on liian pitkä aika: yhden suorituksen enimmäiskesto on 1440 minuuttia (24 h). Jaa pidempi suoritus enintään 24 tunnin osiin, esimerkiksi ”12h”.
err-duration-far-too-long = Se on aivan liian pitkä aika: yhden suorituksen enimmäiskesto on 1440 minuuttia (24 h). Jaa pidempi suoritus enintään 24 tunnin osiin, esimerkiksi ”12h”.
err-duration-ambiguous = ”{ $input }” on epäselvä: minuutteja vai tunteja? Kirjoita minuutit kokonaislukuna tai lisää yksikkö, esimerkiksi ”90” tai ”1h30”.
err-duration-fractional-minutes = Minuuttien pitää olla kokonaisluku, mutta luvussa ”{ $input }” on desimaaleja. Pyöristä se, esimerkiksi ”11 min”.
err-duration-minutes-range = Minuuttiosan pitää olla 0–59, mutta se oli { $minutes }. Siirrä täydet tunnit tunteihin: 1 tunti 75 minuuttia on ”2:15”.
err-duration-unrecognised = En ymmärrä kestoa ”{ $input }”. Kirjoita minuutit tai tunnit ja minuutit, esimerkiksi ”45”, ”45 min”, ”1h30” tai ”1:30”.

## Ylläpitäjien tunnukset
role-viewer = katselija
role-organiser = järjestäjä
role-database-admin = tietokannan ylläpitäjä
err-admin-name-length = Ylläpitäjän nimen pitää olla 1–64 merkkiä pitkä.
err-admin-name-spaces = Ylläpitäjän nimessä ei saa olla välilyöntejä eikä ohjausmerkkejä.
err-admin-password-short = Salasana on liian lyhyt: käytä vähintään { $min } merkkiä (muutama satunnainen sana toimii hyvin).
err-admin-password-long = Salasana on liian pitkä: enintään 1024 tavua.

## Puuttuvat
err-no-participant = Osallistujaa #{ $id } ei ole.
err-no-admin-id = Ylläpitäjää #{ $id } ei ole.
err-no-admin-named = Ylläpitäjää nimeltä ”{ $name }” ei ole.
err-no-guild-id = Kiltaa #{ $id } ei ole.
err-no-guild-named = Kiltaa nimeltä ”{ $name }” ei ole.
err-no-competition = Kisaa #{ $id } ei ole.
err-no-activity = Suoritusta #{ $id } ei ole.
err-no-activity-to-delete = Poistettavaa suoritusta #{ $id } ei ole.
err-no-feedback = Palautetta #{ $id } ei ole.
err-no-api-token = API-tunnistetta { $id } ei ole.
err-no-backup = Kansiossa { $dir } ei ole varmuuskopiota nimeltä ”{ $name }”; valitse varmuuskopio listasta.
err-no-table = Taulua nimeltä ”{ $name }” ei ole; taulut näkyvät Tietokanta-sivulla ja komennolla `db health`.

## Ristiriidat ja hylkäykset
err-admin-exists = Ylläpitäjä nimeltä ”{ $name }” on jo olemassa.
err-admin-exists-any-case = Ylläpitäjä nimeltä ”{ $name }” on jo olemassa (isoilla ja pienillä kirjaimilla ei ole nimissä eroa).
err-last-database-admin = ”{ $name }” on ainoa tietokannan ylläpitäjä; anna rooli ensin jollekulle toiselle.
err-role-too-low = Roolisi ({ $own }) ei riitä tähän; tarvittava rooli: { $needed }. Pyydä tietokannan ylläpitäjää vaihtamaan roolisi, jos tarvitset sitä.
err-organisers-only = Vain järjestäjät voivat tehdä tämän.
err-login-wrong = Nimi tai salasana on väärin. Tarkista molemmat ja yritä uudelleen.
err-login-expired = Kirjautuminen kesti liian kauan tai se on jo tehty. Kirjaudu uudelleen.
err-login-code-wrong = Koodi on väärin tai jo käytetty. Kirjoita kuusi numeroa, jotka todennussovelluksesi näyttää nyt.
err-totp-own-only = Jokainen ylläpitäjä ottaa kaksivaiheisen kirjautumisen käyttöön itse hallintapaneelissa.
err-totp-start-first = Aloita ensin käyttöönotto: paina ”Ota kaksivaiheinen kirjautuminen käyttöön”.
err-totp-code-mismatch = Koodi ei täsmää. Tarkista, että sovelluksen kello on oikeassa, ja kirjoita kuusi numeroa, jotka se näyttää nyt.
err-totp-off-code = Kirjoita kuusi numeroa, jotka todennussovelluksesi näyttää nyt, niin kaksivaiheinen kirjautuminen poistuu käytöstä.
err-guild-exists = Kilta nimeltä ”{ $name }” (tai sama nimi eri kirjainkoolla tai väleillä) on jo olemassa. Valitse toinen nimi.
err-guild-near-duplicate = Kilta nimeltä ”{ $name }” on jo olemassa; nimet, jotka eroavat vain kirjainkooltaan tai väleiltään, tulkitaan samaksi killaksi. Valitse toinen nimi tai muokkaa olemassa olevaa kiltaa.
err-guild-changed = Joku muu muutti kiltaa ”{ $name }” (nyt versio { $version }).
err-guild-has-members = Killassa ”{ $name }” on { $members } jäsentä; siirrä heidät ensin toiseen kiltaan tai sulje kilta rekisteröitymiseltä.
err-guild-closed = Kilta ”{ $name }” on suljettu rekisteröitymiseltä; valitse toinen kilta.
err-guild-stale = Joku muu muutti tätä kiltaa sen jälkeen, kun avasit sen (sinulla oli versio { $yours }, nyt versio on { $now }). Nyt tallennettuna: nimi ”{ $saved_name }”, { $saved_members } jäsentä. Sinun arvosi: nimi ”{ $your_name }”, { $your_members } jäsentä. Mitään ei tallennettu; lomakkeessa ovat nyt sinun arvosi tallennetun version päällä, joten tallentamalla uudelleen sinun arvosi jäävät voimaan.
err-competition-changed = Joku muu muutti kisaa ”{ $name }” (nyt versio { $version }).
err-competition-read-only = ”{ $name }” päättyi { $end }, joten sitä ei voi enää muuttaa; sen tulokset säilyvät ennallaan. Luo sen sijaan uusi kisa.
err-activation-passed = Aktivointipäivä { $day } on jo mennyt (tänään on { $today }); valitse tämä päivä tai myöhempi.
err-activation-after-end = Aktivointipäivä { $day } on kisan viimeisen päivän { $end } jälkeen.
err-competition-stale = Joku muu muutti tätä kisaa sen jälkeen, kun avasit sen (sinulla oli versio { $yours }, nyt versio on { $now }). Nyt tallennettuna: nimi ”{ $saved_name }”, { $saved_start } – { $saved_end } ({ $saved_zone }), kuvaus ”{ $saved_description }”. Sinun arvosi: nimi ”{ $your_name }”, { $your_start } – { $your_end } ({ $your_zone }), kuvaus ”{ $your_description }”. Mitään ei tallennettu; lomakkeessa ovat nyt sinun arvosi tallennetun version päällä, joten tallentamalla uudelleen sinun arvosi jäävät voimaan.
err-competition-running-dates = Kisa on käynnissä. Jos muutat ajankohdan { $from_start } – { $from_end } ({ $from_zone }) muotoon { $start } – { $end } ({ $zone }), muuttuu myös se, mille päiville osallistujat voivat kirjata suorituksia; vahvista tallennus.
err-competition-already-active = ”{ $name }” on jo aktiivinen kisa.
err-competition-delete-active = ”{ $name }” on aktiivinen kisa; aktivoi jokin toinen kisa ennen kuin poistat sen.
err-no-competition-to-log = Kisa ei ole nyt käynnissä, joten mitään ei voi kirjata.
err-no-competition-to-change = Kisa ei ole nyt käynnissä, joten mitään ei voi muuttaa.
err-competition-over-entries = Kisa on päättynyt; suorituksia ei voi enää muuttaa.
err-log-for-yourself-only = Voit kirjata suorituksia vain itsellesi.
err-correction-note-required = Kerro, miksi suoritus lisätään (syy tallentuu suorituksen ja tapahtumalokin yhteyteen).
err-edit-reason-required = Suoritusta #{ $id } ei muutettu: kirjoita syy (se tallentuu tapahtumalokiin).
err-delete-reason-required = Suoritusta #{ $id } ei poistettu: kirjoita syy (se tallentuu tapahtumalokiin).
err-activity-stale = Joku muu muutti suoritusta #{ $id } sen jälkeen, kun avasit sen. Nyt tallennettuna: { $activity } { $date }, { $minutes } min, { $points } pistettä. Mitään ei tallennettu; tarkista lomake ja tallenna uudelleen, jos haluat omat arvosi voimaan.
err-activity-in-progress = Suoritusta kirjataan juuri nyt; yritä uudelleen.
err-activity-unconfirmed = Suoritusta ei voitu vahvistaa; yritä uudelleen.
err-feedback-participants-only = Vain osallistujat voivat antaa palautetta.
err-delete-own-account-only = Voit poistaa vain oman tilisi.
err-own-data-only = Voit katsoa ja muuttaa vain omia tietojasi.
err-favourite-not-in-catalogue = Lajia ei ole enää luettelossa, joten sitä ei voi kiinnittää.
err-favourites-full = Voit kiinnittää enintään { $max } lajia. Irrota ensin jokin (📌✖ historiassasi).
err-favourite-not-pinned = Laji ei ole enää kiinnitetty.
err-cleanup-nobody-ticked = Ketään ei valittu, joten mitään ei poistettu.
err-cleanup-none-ticked = Yhtään osallistujaa ei valittu; valitse poistettavat.
err-cleanup-changed = Osa valituista osallistujista ei ole enää testikäyttäjiä (tai heidät on jo poistettu); mitään ei poistettu. Lataa esikatselu uudelleen ja yritä uudelleen.
err-export-dates-swapped = Loppupäivä { $to } on ennen alkupäivää { $from }; vaihda ne päittäin.
err-maintenance-locks = Tämä lukitsee taulut: botti ja hallintapaneeli odottavat, kunnes se on valmis. Vahvista ajo, mieluiten hiljaiseen aikaan.
err-idle-time-range = Anna joutoaika väliltä 1 sekunti – 7 päivää, esimerkiksi 5m.
err-needs-postgres = { $what } vaatii PostgreSQL:n; DATABASE_URL osoittaa SQLiteen.

## Treenitiedostot
err-workout-too-large = Tiedosto on { $size } Mt; Telegram antaa boteille enintään { $limit } Mt:n tiedostoja. Vie treeni yksinään (ei koko arkistoa) tai pakkaa se gzipillä.
err-workout-unknown-format = Tämä ei ole treenitiedosto, jonka osaan lukea. Lähetä FIT-, GPX- tai TCX-tiedosto (myös .gz), jonka olet vienyt kellosta, pyörätietokoneesta tai sovelluksesta.
err-workout-corrupt = { $format }-tiedosto on vioittunut tai keskeneräinen ({ $detail }). Vie treeni uudelleen ja lähetä uusi tiedosto.
err-workout-not-an-activity = Tässä { $format }-tiedostossa on { $what ->
        [settings] laitteen asetukset
        [course] reitti (suunniteltu reitti)
        [planned-workout] suunniteltu treeni
        [monitoring] päivittäisen aktiivisuuden seurantaa
        [totals] kokonaismäärät
        [health] terveyslukemia
        [device] laitteen tietoja
        [segments] segmenttejä
        [waypoints] vain reittipisteitä
        [route] suunniteltu reitti
        [empty-track] tyhjä jälki
        [no-session] ei tallennettua suoritusta
        [no-activity] ei suoritusta
       *[other] tietue ”{ $what }”
    } eikä tallennettua suoritusta. Lähetä päättyneen treenin tiedosto.
err-workout-no-times = Tässä { $format }-tiedostossa ei ole aikoja, joten se näyttää suunnitellulta reitiltä eikä tallennetulta treeniltä. Lähetä tiedosto, jonka laitteesi tallensi.
err-workout-no-competition = Kisa ei ole nyt käynnissä, joten mitään ei voi kirjata.
err-workout-too-short = Treeni kesti vain { $seconds } sekuntia; suoritus lasketaan minuutista ylöspäin.
err-workout-too-short-moving = Treeni kesti vain { $seconds } sekuntia liikkeessä (yhteensä { $elapsed } s); suoritus lasketaan minuutista ylöspäin.
err-workout-too-long = Treenin laji { $sport } kesti { $hours } tuntia; yksi kirjaus on enintään 24 tuntia. Jaa se osiin tai kirjaa käsin.
err-workout-outside-competition = Treeni on tallennettu { $date }, ja { $competition } on käynnissä { $start }–{ $end }: { $why }
err-workout-all-too-short = Treenin jokainen osa kesti alle minuutin; suoritus lasketaan minuutista ylöspäin.
err-workout-already-logged = Tämä treeni on jo kirjattu: { $activity } { $date }, { $minutes } min, kirjattu { $logged }. Mitään ei kirjattu kahdesti.
err-workout-pick-activity = Valitse ensin laji osalle { $sport }.
workout-left-out-short = { $sport } ({ $seconds } s, alle minuutin)

## Virheet
err-unavailable = Tietokanta ei ole juuri nyt käytettävissä. Yritä hetken kuluttua uudelleen.
err-internal = Palvelin ei saanut pyyntöä tehtyä. Yritä uudelleen; jos ongelma jatkuu, katso palvelimen loki.

# Kisan pisteytyssäännöt.
err-rules-excluded = { $what } ei kuulu tähän kisaan, joten suoritusta ei kirjattu. Valitse toinen laji.
err-rules-too-short = Alle { $min } minuutin suoritukset eivät kelpaa tähän kisaan (tämä on { $minutes } min), joten sitä ei kirjattu.
err-rules-multiplier-format = ”{ $line }” ei ole kerroinjakso. Kirjoita kerroin, päivät ja halutessasi kategoria tai Compendium-koodi, esimerkiksi: ×2 2027-03-01..2027-03-07 Cycling
err-rules-minutes-number = ”{ $text }” ei ole kokonainen minuuttimäärä. Kirjoita luku 1–{ $max } tai jätä kenttä tyhjäksi, jos rajaa ei ole.
err-rules-minutes-range = { $minutes } minuuttia ei ole välillä 1–{ $max }. Kirjoita luku 1–{ $max } tai jätä kenttä tyhjäksi, jos rajaa ei ole.
err-rules-max-below-min = Pisin suoritus ({ $max } min) on lyhyempi kuin lyhin ({ $min } min). Aseta enimmäiskesto vähintään vähimmäiskeston suuruiseksi.
err-rules-daily-number = ”{ $text }” ei ole pistemäärä. Kirjoita esimerkiksi 20 tai 12,5, tai jätä kenttä tyhjäksi, jos päiväkattoa ei ole.
err-rules-daily-range = { $points } pisteen päiväkatto ei käy: kirjoita enemmän kuin 0 ja enintään { $max }, tai jätä kenttä tyhjäksi.
err-rules-unknown-activity = ”{ $what }” ei ole luettelon kategoria eikä Compendium-koodi. Kategoriat: { $categories }.
err-rules-factor = Kertoimen ”{ $line }” on oltava välillä 0,1–10, enintään kahdella desimaalilla.
err-rules-window-order = Jakson ”{ $line }” viimeinen päivä on ennen ensimmäistä. Kirjoita aikaisempi päivä ensin.
err-rules-too-many = Poissulkuja ja kerroinjaksoja voi olla kumpiakin enintään { $max }.
err-rules-guild-score = ”{ $text }” ei ole kiltojen pisteytystapa. Valitse average (pisteet jäsentä kohden) tai composite (pisteet ja osallistuminen painotettuina).
err-rules-weight-missing = Yhdistetty tulos tarvitsee molemmat painot. Kirjoita kokonainen prosenttiluku, esimerkiksi pisteille 70 ja osallistumiselle 30.
err-rules-weight-number = ”{ $text }” ei ole paino. Kirjoita kokonainen prosenttiluku 0–100.
err-rules-weight-range = Paino { $weight } % ei käy. Kirjoita kokonaisluku 0–100.
err-rules-weights-sum = Painojen summa on { $sum } % ({ $points } + { $participation }). Pisteiden ja osallistumisen painojen summan on oltava 100, esimerkiksi 70 ja 30.
err-rules-stale = Joku muu muutti kisaa ”{ $name }” sen jälkeen, kun avasit sen (sinulla oli versio { $yours }, nyt versio on { $now }). Mitään ei tallennettu; katso nykyiset säännöt ja aseta ne uudelleen.
err-recompute-not-active = ”{ $name }” ei ole aktiivinen kisa. Vain aktiivisen kisan pisteet voi laskea uudelleen, koska suoritus kuuluu sinä päivänä käynnissä olevaan kisaan.
err-season-not-over = ”{ $name }” jatkuu { $end } asti; sen kauden voi päättää, kun viimeinen päivä on ohi.
err-season-ended-before = Kisan ”{ $name }” kausi päätettiin jo { $day }; sen tulokset ovat kunniagalleriassa ja merkinnät arkistossa.
err-review-threshold-range = Tarkistusraja { $field } on { $value }; sallittu väli on { $min }–{ $max }.
err-review-threshold-number = ”{ $text }” ei ole kokonaisluku tarkistusrajaksi { $field }: anna luku väliltä { $min }–{ $max } tai jätä kenttä tyhjäksi, jolloin käytetään oletusta.
err-review-flagged-entries = ”{ $text }” ei ole sallittu valinta merkityille suorituksille: anna until_reviewed (ne lasketaan, kunnes järjestäjä hylkää ne) tai after_approval (ne lasketaan vasta hyväksynnän jälkeen).
err-no-flag = Merkittyä suoritusta #{ $id } ei ole. Tarkistusjono näyttää odottavat.
err-flag-decided = Merkitty suoritus #{ $id } on jo käsitelty ({ $state }). Lataa tarkistusjono uudelleen nähdäksesi, mitä vielä odottaa.
err-review-reason-required = Kerro, miksi suoritus #{ $id } hylätään: syy kerrotaan osallistujalle.
err-no-parked-job = Pysäytettyä työtä #{ $id } ei ole. Jonosivu näyttää pysäytetyt; jo uudelleen yritetty työ ei ole enää pysäytetty.
err-audience = ”{ $given }” ei ole vastaanottajajoukko. Käytä muotoa everyone (kaikki), guild:NIMI (yksi kilta) tai inactive:PÄIVÄT (ei kirjauksia niin moneen päivään).
err-audience-days = ”{ $given }” ei ole päivien määrä väliltä 1–{ $max }. Kerro, monenko päivän ilman kirjauksia jälkeen osallistuja on passiivinen, esim. 7.
err-announcement-empty = Tiedotteessa ei ole tekstiä. Kirjoita, mitä osallistujien pitää lukea.
err-announcement-too-long = Tiedotteessa on { $chars } merkkiä; yhteen Telegram-viestiin mahtuu enintään { $max }. Lyhennä sitä tai lähetä se kahdessa osassa.
err-announcement-nobody = Tiedote ei menisi kenellekään: joukossa ei ole yhtään osallistujaa, jonka botti tavoittaa. Valitse toinen joukko.
err-no-announcement = Tiedotetta #{ $id } ei ole. Tiedotesivu näyttää ne.
err-announcement-cancelled = Tiedote #{ $id } on jo peruttu; jo lähetetyt viestit pysyvät lähetettyinä.
