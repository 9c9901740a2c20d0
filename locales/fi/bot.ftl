# Telegram-botti. Viestit lähetetään Telegramin HTML-muodossa: tämän
# tiedoston merkinnät (<b>, <code>) ovat ainoat merkinnät, ja viesteihin
# lisättävät arvot suojataan ennen lisäämistä.

## Komentovalikko
bot-command-start = Rekisteröidy tai avaa päävalikko
bot-command-log = Kirjaa suoritus
bot-command-stats = Pisteesi, sijoituksesi ja tilanne
bot-command-mydata = Kopio kaikista sinusta tallennetuista tiedoista
bot-command-profile = Tietosi ja suoritushistoriasi
bot-command-feedback = Kerro järjestäjille mielipiteesi
bot-command-language = Vaihda kieltä (language)
bot-command-help = Näin botti toimii
bot-command-cancel = Keskeytä ja palaa valikkoon

## Painikkeet
bot-button-menu = 🏠 Valikko
bot-button-log = 📝 Kirjaa suoritus
bot-button-stats = 📊 Tilastot
bot-button-profile = 👤 Profiili
bot-button-feedback = 💬 Palaute
bot-button-points = ❓ Näin pisteet lasketaan
bot-button-terms = 📄 Ehdot
bot-button-about = ℹ️ Tietoa
bot-button-register = ✅ Rekisteröidy
bot-button-language = 🌐 Kieli · Language
bot-button-accept = ✅ Hyväksyn
bot-button-decline = ❌ En hyväksy
bot-button-cancel = ✖ Peruuta
bot-button-join = ✅ Liity
bot-button-other-guild = ↩ Valitse toinen kilta
bot-button-history = 📜 Suoritushistoria
bot-button-delete-account = 🗑 Poista tilini
bot-button-appear-anonymous = 🕶 Näy listoilla anonyymina
bot-button-show-my-name = 👤 Näytä nimeni listoilla
bot-button-my-data = 📦 Kopio tiedoistani
bot-button-newer = ◀ Uudemmat
bot-button-older = Vanhemmat ▶
bot-button-yes-delete = 🗑 Kyllä, poista
bot-button-keep-it = ↩ Säilytä
bot-button-delete-everything = 🗑 Kyllä, poista kaikki
bot-button-keep-account = ↩ En, säilytä tilini
bot-button-categories = ↩ Lajiryhmät
bot-button-back = ↩ Takaisin
bot-button-intensity = { $intensity } · { $met } MET
bot-button-confirm = ✅ Vahvista
bot-button-change-duration = ⏱ Muuta kestoa
bot-button-repeat = 🔁 { $activity } { $minutes } min
bot-button-favourite = 📌 { $activity } { $minutes } min
bot-button-pin = 📌 { $number }
bot-button-unpin = 📌✖ { $number }
bot-button-change-date = 📅 Vaihda päivä
bot-button-change-intensity = 💪 Vaihda teho
bot-button-change-activity = 🔄 Vaihda laji
bot-button-browse-all = 📚 Selaa kaikkia
bot-button-me = 👤 Minä
bot-button-top = 🏆 Top 10
bot-button-guilds = 🏰 Killat
bot-button-my-guild = 👥 Oma kilta
bot-button-stats-app = 📱 Avaa tilastosovellus

## Kaikkialla
bot-menu =
    🏠 <b>Päävalikko</b>
    Mitä haluat tehdä?
bot-apology = 😕 Pahoittelut, meillä meni jotain pieleen. Mitään ei hävinnyt – yritä hetken päästä uudelleen.
bot-slow-down = ⏳ Viestejä tuli paljon kerralla. Odota muutama sekunti ja yritä sitten uudelleen.
bot-private-only = Toimin vain yksityisviesteissä. Lähetä minulle viesti suoraan, niin pääset mukaan.
bot-stale-button = Painike on vanhasta viestistä eikä ole enää voimassa. Tässä kohta, jossa olet nyt.
bot-edited-message = ✏️ En reagoi muokattuihin viesteihin. Lähetä viesti uudelleen uutena viestinä.
bot-not-registered = Et ole vielä rekisteröitynyt. Napauta <b>Rekisteröidy</b> (tai lähetä /start), niin pääset mukaan kisaan.
bot-unsupported = En osaa lukea { $kind ->
        [sticker] tarroja
        [voice] ääniviestejä
        [photo] kuvia ilman kuvatekstiä
        [video] videoita
        [file] tiedostoja
        [location] sijainteja
        [contact] yhteystietoja
       *[other] tällaisia viestejä
    }; ymmärrän tekstiä ja painikkeita.
bot-unsupported-resume = { $line } Tässä kohta, johon jäit:
bot-cancelled = Keskeytetty. Siitä vaiheesta ei tallentunut mitään.
bot-nothing-to-cancel = Ei mitään keskeytettävää.
bot-unknown-command = En tunne tuota komentoa. Lähetä /help, niin näet, mitä osaan.
bot-use-buttons = Vastaa alla olevilla painikkeilla tai lähetä /cancel, jos haluat keskeyttää.
bot-help-title = ❓ <b>Näin käytät bottia</b>
bot-help-shortcut = Pikakirjaus: kirjoita laji, esimerkiksi <code>uinti</code> tai <code>juoksu 30</code>: yksiselitteinen osuma vie suoraan yhteenvetoon, muuten valitse osumista. Tai lähetä treenitiedosto kellosta tai sovelluksesta (FIT, GPX, TCX).
bot-today = Tänään

## Kieli
bot-language-choose = 🌐 <b>Kieli · Language</b>
    Millä kielellä puhun sinulle?
    Which language should I use with you?
bot-language-chosen = 🌐 Puhun sinulle tästä lähtien suomea.

## Tiedot
bot-terms =
    📄 <b>Osallistumisehdot</b>

    • Kirjaat vain suoritukset, jotka oikeasti teit, ja niiden todellisen keston.
    • Järjestäjät voivat korjata tai poistaa sääntöjen vastaisia suorituksia.

    🔒 <b>Mitä tallennetaan, miksi ja kuinka pitkään</b>
    • Kisaa varten: Telegram-tunnuksesi, etu- ja sukunimesi, käyttäjänimesi, kiltasi, valitsemasi kieli ja jokainen suoritus (mitä, milloin, kuinka kauan, pisteet; treenitiedostosta vain laji, alkuaika, kesto, matka ja tiedoston tunniste kaksoiskappaleiden huomaamiseksi, ei koskaan reittiä). Palautteesi, jos annat sitä. Valikkoon kiinnittämäsi lajit. Lopullinen sijoituksesi ja pisteesi kustakin päättyneestä kaudesta kunniagalleriaa varten. Kohta, jossa keskustelusi botin kanssa on, jotta uudelleenkäynnistys ei hukkaa sitä.
    • Etunimesi, kiltasi ja pisteesi näkyvät tulostaulukoissa; valitse /profile-kohdasta ”anonyymi”, niin sinut listataan ilman nimeä. Järjestäjät näkevät kaiken edellä mainitun; heidän muutoksensa kirjataan.
    • Tiedot säilytetään kisaa ja sen tuloksia varten (arkistoitu kisa säilyttää suorituksensa), kunnes poistat tilisi /profile-kohdasta, jolloin kaikki poistuu heti (päättyneiden kausien tuloksiin sijoituksesi jää, mutta ilman mitään, mikä yhdistää sen sinuun). Tietokannan varmuuskopioissa kopio säilyy enintään 30 päivää (järjestäjien asetuksen mukaan), minkä jälkeen ne poistetaan.
    • /mydata lähettää sinulle kopion kaikista sinusta tallennetuista tiedoista.
bot-about =
    ℹ️ <b>Tietoa</b>

    Activity Challenge on kiltojen välinen leikkimielinen liikuntakisa. Kirjaa liikuntasi, kerää pisteitä killallesi ja seuraa, miten muilla menee.

    Pisteet perustuvat vuoden 2024 aikuisten liikunta-aktiivisuuksien Compendium-luetteloon (2024 Adult Compendium of Physical Activities).

    ⌚ Voit myös lähettää treenitiedoston (FIT, GPX tai TCX, myös .gz) kellosta, pyörätietokoneesta tai sovelluksesta. Siitä tallennetaan vain pisteisiin tarvittava: laji, alkuaika, liikkumisaika, matka ja tiedoston tiiviste (hash) kaksoiskappaleiden tunnistamiseen. GPS-reittiä ei tallenneta koskaan.
bot-points-title =
    ❓ <b>Näin pisteet lasketaan</b>

    Jokaisella lajilla on MET-arvo: se kertoo, montako kertaa enemmän energiaa laji kuluttaa kuin paikallaan istuminen. Arvot ovat vuoden 2024 Compendium-luettelosta (Adult Compendium of Physical Activities). Pisteet ovat MET-tunteja:

    <b>pisteet = MET × minuutit ÷ 60</b>, pyöristettynä kahteen desimaaliin.

    Esimerkkejä:
bot-points-example = • { $activity }, { $minutes } min: { $formula }
bot-points-bands = Kevyt on alle 4 MET, reipas 4–7 MET ja rasittava 7 MET tai enemmän. Killat asetetaan järjestykseen pisteiden mukaan jäsentä kohden.
bot-rules-title = 📏 <b>Kisan { $competition } säännöt</b>
bot-formula = { $met } MET × { $minutes } min ÷ 60 = { $points ->
        [one] { $points } piste
       *[other] { $points } pistettä
    }

## Rekisteröityminen
bot-welcome-back = 👋 Tervetuloa takaisin, { $name }!
bot-registration-closed = 👋 Hei! { $competition } päättyi { $end }, joten rekisteröityminen on suljettu. Kiitos kiinnostuksestasi!
bot-register-terms =
    👋 Hei { $name }! Tervetuloa Activity Challengeen.

    { $terms }

    Hyväksytkö ehdot?
bot-no-guilds = Yksikään kilta ei ole vielä avannut rekisteröitymistä. Yritä myöhemmin uudelleen (lähetä /start).
bot-pick-guild =
    🏰 <b>Valitse kiltasi</b>
    Pisteesi kerryttävät valitsemaasi kiltaa.
bot-confirm-guild = Liityt kiltaan <b>{ $guild }</b> nimellä { $name }. Onko tämä oikein?
bot-already-registered = Olet jo rekisteröitynyt.
bot-declined = Selvä. Voit rekisteröityä milloin tahansa komennolla /start.
bot-guild-gone = Tuohon kiltaan ei voi enää liittyä; valitse toinen.
bot-registered =
    🎉 Tervetuloa kiltaan <b>{ $guild }</b>, { $name }! Olet nyt rekisteröitynyt.
    Kirjaa ensimmäinen suorituksesi alla olevasta painikkeesta tai kirjoittamalla esimerkiksi <code>juoksu 30</code>.

## Kirjaaminen
bot-no-competition = Kisa ei ole nyt käynnissä, joten kirjattavaa ei vielä ole. Pidä silmällä järjestäjien tiedotteita!
bot-competition-not-started = ⏳ { $competition } alkaa { $start } ({ $days ->
        [one] huomenna
       *[other] { $days } päivän päästä
    }). Voit kirjata suorituksia siitä päivästä alkaen.
bot-competition-finished = 🏁 { $competition } päättyi { $end }, joten suorituksia ei voi enää kirjata. Kiitos osallistumisesta! Tilastosi löytyvät edelleen täältä.
bot-log-categories =
    📝 <b>Kirjaa suoritus</b>
    Valitse lajiryhmä (tai kirjoita laji suoraan, esimerkiksi <code>uinti 45</code>):
bot-log-activities = <b>{ $category }</b> – valitse laji:
bot-log-activities-page = <b>{ $category }</b> (sivu { $page }/{ $pages }) – valitse laji:
bot-log-intensities = <b>{ $activity }</b> – kuinka rankkaa se oli?
bot-log-intensity-line = • <b>{ $intensity }</b> ({ $met } MET): { $description }
bot-log-date =
    <b>{ $activity }</b> ({ $met } MET)
    📅 Milloin liikuit? Valitse päivä ({ $month }) tai kirjoita päivämäärä (esim. 3.12.2026). Voit kirjata päiviä { $first } – { $last }.
bot-log-duration =
    <b>{ $activity }</b>, { $date }
    ⏱ Kuinka kauan? Napauta kestoa tai kirjoita se, esimerkiksi <code>45</code> tai <code>1h30</code>.
bot-log-review =
    🧾 <b>Tarkista ja vahvista</b>

    Laji: { $activity }
    Päivä: { $date }
    Kesto: { $duration }
    Pisteet: <b>{ $points }</b> ({ $formula })
bot-date-not-understood = ⚠️ En ymmärrä päivämäärää ”{ $text }”. Kirjoita se muodossa { $example } tai napauta päivää.
bot-date-refused = Tuota päivää ei voi kirjata.
bot-date-no-longer = Tuota päivää ei voi enää kirjata.
bot-quick-duration-problem = ⚠️ { $problem } Voit valita keston lajin jälkeen.
bot-quick-not-found = 🤔 En löytänyt lajia hakusanalla ”{ $query }”. Napauta <b>Kirjaa suoritus</b> ja selaa lajeja, tai lähetä /help.
bot-quick-choice = { $activity } ({ $category })
bot-quick-which-for = Mitä lajia teit? Kesto: { $duration }.
bot-quick-which = Mitä lajia tarkoitit?
bot-already-logged = Jo kirjattu.
bot-logged-notice = Kirjattu!
bot-review-out-of-date = Tämä yhteenveto on vanhentunut (aloitit välillä jotain muuta), joten siitä ei kirjattu mitään.
bot-logged =
    ✅ <b>Kirjattu!</b> { $activity } – { $duration }, { $date }: <b>+{ $points }</b> { $points ->
        [one] piste
       *[other] pistettä
    }.

    🏅 Yhteensä: <b>{ $total }</b> { $total ->
        [one] piste
       *[other] pistettä
    }, sijoitus { $rank }/{ $participants }.

## Treenitiedostot
bot-workout-card = ⌚ <b>Treenisi</b> ({ $format }-tiedosto)
bot-workout-unknown-sport = ❓ { $sport }
bot-workout-km = { $km } km
bot-workout-points = → <b>{ $points }</b> { $points ->
        [one] piste
       *[other] pistettä
    }
bot-workout-left-out = Jätetty pois: { $parts }.
bot-workout-ask = Kirjataanko?
bot-workout-ask-pick = En tiedä, mikä laji tämä on. Valitse laji – päivä ja kesto pysyvät ennallaan.
bot-workout-which = Mikä osa?
bot-workout-pick-category = Mikä laji oli { $sport } { $date } ({ $minutes } min)? Valitse lajiryhmä tai kirjoita lajin nimi.
bot-workout-search-none = 🤔 Hakusanalla ”{ $query }” ei löytynyt lajia. Valitse lajiryhmä.
bot-workout-dropped = 🗑 Hylätty. Tiedostosta ei kirjattu mitään.
bot-workout-not-logged = Mitään ei kirjattu.
bot-workout-logged =
    ✅ <b>Kirjattu!</b> { $count ->
        [one] Yksi suoritus
       *[other] { $count } suoritusta
    } tiedostostasi: <b>+{ $points }</b> { $points ->
        [one] piste
       *[other] pistettä
    }.

    🏅 Yhteensä: <b>{ $total }</b> { $total ->
        [one] piste
       *[other] pistettä
    }, sijoitus { $rank }/{ $participants }.
bot-button-workout-log = ✅ Kirjaa
bot-button-workout-drop = 🗑 Hylkää
bot-button-workout-back = ↩ Takaisin korttiin
bot-button-workout-pick = ❓ Valitse laji: { $sport }

## Palaute
bot-feedback-ease = Kuinka <b>helppokäyttöinen</b> botti on?
bot-feedback-usefulness = Kuinka <b>hyödyllinen</b> kisa on sinulle?
bot-feedback-overall = Kuinka <b>tyytyväinen</b> olet kaiken kaikkiaan?
bot-feedback-question =
    💬 <b>Palaute</b> ({ $step }/4)

    { $question }
    1 = huono, 5 = erinomainen.
bot-feedback-text =
    💬 <b>Palaute</b> (4/4)

    Lopuksi: kerro omin sanoin, mikä toimii ja mikä voisi olla paremmin (10–2000 merkkiä). Lähetä /cancel, jos haluat keskeyttää.
bot-feedback-thanks = 🙏 Kiitos! Palautteesi lähti järjestäjille.
bot-feedback-again =
    { $problems }

    Lähetä palautteesi uudelleen; mitään ei ole vielä tallennettu.

## Profiili
bot-profile =
    👤 <b>Profiilisi</b>

    Nimi: { $name }
    Käyttäjänimi: { $username }
    Kilta: { $guild }
    Pisteet: <b>{ $points }</b>
    Kirjattuja suorituksia: { $count }
    Rekisteröitynyt: { $registered }
    Julkisilla listoilla: { $listed ->
        [anonymous] ”anonyymina”
       *[name] etunimelläsi
    }
bot-history-title = 📜 <b>Suorituksesi</b> (sivu { $page }/{ $pages })
bot-history-empty = Et ole vielä kirjannut mitään. Aloita valikon kohdasta Kirjaa suoritus.
bot-history-line = { $number }. { $date } – { $activity } – { $minutes } min – <b>{ $points }</b> { $points ->
        [one] piste
       *[other] pistettä
    }
bot-history-pin-help = 📌 kiinnittää lajin tehoineen ja kestoineen valikon kärkeen (enintään { $max }); 📌✖ irrottaa sen.
bot-favourite-pinned = 📌 { $activity } { $minutes } min on kiinnitetty: se on valikossa ensimmäisenä.
bot-favourite-unpinned = { $activity } ei ole enää kiinnitetty.
bot-account-already-deleted = Tili on jo poistettu.
bot-delete-activity-question =
    Poistetaanko tämä suoritus?

    { $date } – { $activity } – { $minutes } min – { $points ->
        [one] { $points } piste
       *[other] { $points } pistettä
    }

    Sen pisteet vähennetään kokonaismäärästäsi.
bot-activity-gone = Suoritus on jo poistettu.
bot-activity-deleted = Poistettu. Sinulla on nyt { $total ->
        [one] { $total } piste
       *[other] { $total } pistettä
    }.
bot-delete-account-question =
    ⚠️ <b>Poistetaanko tilisi?</b>

    Rekisteröitymisesi, kaikki suorituksesi ja palautteesi poistetaan pysyvästi, ja pisteesi vähennetään kiltasi pisteistä. Tätä ei voi perua.
bot-account-deleted = Tilisi on poistettu, samoin { $activities ->
        [one] { $activities } suoritus
       *[other] { $activities } suoritusta
    } ja { $feedback ->
        [one] { $feedback } palaute
       *[other] { $feedback } palautetta
    }. Kiitos osallistumisesta! Voit rekisteröityä uudelleen milloin tahansa komennolla /start.

## Tilastot
bot-stats-me =
    📊 <b>Tilastosi</b>

    Pisteet: <b>{ $points }</b>
    Sijoitus: { $rank }/{ $participants }
bot-stats-level-with = , tasoissa: { $names }
bot-stats-others = { $count ->
        [one] { $count } muu
       *[other] { $count } muuta
    }
bot-stats-and = { $first } ja { $last }
bot-stats-no-guild = ei kiltaa
bot-stats-guild-rank = Killassa { $guild }: { $rank }/{ $participants }
bot-stats-above = ⬆️ Edelläsi: #{ $rank } { $name }, { $points } ({ $gap } edellä)
bot-stats-below = ⬇️ Takanasi: #{ $rank } { $name }, { $points } ({ $gap } perässä)
bot-stats-start-climbing = Kirjaa suoritus, niin pääset nousemaan!
bot-stats-nobody = Kenelläkään ei ole vielä pisteitä – ole ensimmäinen!
bot-stats-more-level = …ja { $count } muuta samoilla pisteillä ({ $points }).
bot-stats-top-title = 🏆 <b>Top 10</b>
bot-stats-guild-top-title = 👥 <b>Killan { $guild } top 10</b>
bot-stats-guilds-title =
    🏰 <b>Kiltojen tilanne</b>
    Pisteitä jäsentä kohden · osallistumisprosentti
bot-stats-guilds-title-composite =
    🏰 <b>Kiltojen tilanne</b>
    Tulos · pisteitä jäsentä kohden · osallistumisprosentti
bot-stats-no-guilds = Kiltoja ei ole vielä.
bot-stats-participation = { $percent } % ({ $active }/{ $configured })
bot-stats-participation-over = { $percent } % ({ $active } aktiivista, killan kooksi asetettu { $configured })
bot-stats-guild-closed = Järjestäjät ovat sulkeneet kiltasi { $guild }, joten se ei näy tässä listassa. Pisteesi ja sijoituksesi ovat silti voimassa.

## Omat tiedot ja julkiset listat
bot-anonymous = anonyymi
bot-anonymous-on = 🕶 Näyt nyt julkisilla listoilla ”anonyymina”.
bot-anonymous-off = 👤 Etunimesi näkyy taas julkisilla listoilla.
bot-mydata-sent = 📦 Lähetetty: tiedosto on tässä keskustelussa.
bot-mydata-caption = 📦 Kaikki sinusta tallennetut tiedot JSON-tiedostona. /profile-kohdasta voit poistaa tilisi.
bot-mydata-about = Kaikki, mitä Activity Challenge tallentaa sinusta: rekisteröitymisesi, valitsemasi kieli, kohta, jossa keskustelusi botin kanssa on, suorituksesi (myös aiempien kisojen), palautteesi, valikkoon kiinnittämäsi lajit, tuloksesi päättyneiltä kausilta sekä järjestäjien tarkistettavaksi merkityt suorituksesi ja niitä koskevat ilmoitukset sekä muistutus- ja viikkokoosteasetuksesi. Poista tilisi botin /profile-kohdasta, niin kaikki poistuu.

## Inline search: "@bot swim" in any chat.
bot-inline-description = { $met } MET · { $category }
bot-inline-message = { $activity } · { $met } MET
    Kirjaa se botissa { $bot }: lähetä “{ $example }”.
bot-inline-message-plain = { $activity } · { $met } MET
    Kirjaa se haastebotissa: lähetä “{ $example }”.
bot-stats-streak = 🔥 Putki: { $current ->
        [one] 1 päivä
       *[other] { $current } päivää
    } peräkkäin (pisin: { $longest })
bot-stats-streak-over = 🔥 Putki on katkennut: kirjaa tänään suoritus, niin aloitat uuden (pisin: { $longest })
bot-logged-streak = 🔥 { $days } päivää putkeen!
bot-button-seasons = 🏛 Menneet kaudet
bot-stats-seasons-title = 🏛 <b>Menneet kaudet</b>
bot-stats-seasons-none = Yhtään kautta ei ole vielä päätetty. Kun järjestäjät päättävät kauden, sen lopulliset tulokset jäävät tänne.
bot-stats-season-heading = <b>{ $name }</b> ({ $start } – { $end })
bot-stats-season-former = entinen osallistuja
bot-stats-season-mine = Sinä: { $rank }./{ $participants }, { $points } pistettä
bot-stats-season-not-in = Sinulla ei ollut pisteitä tällä kaudella.
bot-stats-season-mine-older = { $name }: olit { $rank }./{ $participants }, { $points } pistettä
bot-notice-entry-rejected = ℹ️ Järjestäjä poisti suorituksesi { $activity }: { $reason }. Sen pisteet eivät enää ole yhteispisteissäsi.

## Hälytykset järjestäjien keskusteluun (ADMIN_ALERT_CHAT_ID)
alert-job-failed = ⚠️ Työ <b>{ $job }</b> epäonnistui: { $error }
    Sitä yritetään vielä { $retries } { $retries ->
        [one] kerran
       *[other] kertaa
    } pidentyvin tauoin.
alert-job-parked = 🛑 Työ <b>{ $job }</b> epäonnistui joka yrityksellä ja on pysäytetty: { $error }
    Korjaa syy ja yritä sitten uudelleen hallintapaneelin jonosivulta.
alert-database-down = 🛑 Tietokanta ei ole vastannut { $minutes } minuuttiin: { $error }
    Osallistujat eivät voi kirjata suorituksia ennen kuin se vastaa. Katso käyttöoppaan vianetsintäosio.
alert-database-back = ✅ Tietokanta vastaa taas { $minutes } minuutin jälkeen.
