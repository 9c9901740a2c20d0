# Telegramin minisovellus (tilastosovellus). Sen skripti saa kaikki "app-"
# alkavat viestit datana ja täyttää arvot selaimessa.

app-tab-me = Edistyminen
app-tab-mix = Lajit
app-tab-guilds = Killat
app-tab-top = Kärki
app-tabs-label = Näkymät
app-noscript = Tämä sovellus tarvitsee JavaScriptin: avaa se botista Telegramissa.
app-retry = Yritä uudelleen
app-failed = Tätä ei juuri nyt saatu ladattua.
app-offline = Palvelimeen ei saatu yhteyttä. Tarkista verkkoyhteytesi.
app-points = pistettä
app-rank = #{ $rank }
app-overall = { $count } osallistujasta
app-in-guild = killan { $guild } { $count } osallistujasta
app-no-guild = ei kiltaa
app-today = +{ $points } tänään
app-above = { $gap } edellä
app-below = { $gap } perässä
app-leader = Kukaan ei ole edelläsi – johdat kisaa.
app-last = Kukaan ei ole vielä perässäsi.
app-summary-title = Tilanteesi
app-progress-title = Viimeiset 30 päivää
app-legend-points = Pisteet (vasen akseli)
app-legend-rank = Sijoitus (oikea akseli, ylempänä parempi)
app-chart-help = Pisteet ja sijoitus viimeisten 30 päivän ajalta. Napauta päivää tai käytä nuolinäppäimiä, niin näet sen luvut.
app-readout = { $day }: +{ $points } pistettä · yhteensä { $total } · sijoitus #{ $rank }
app-progress-summary = Viimeisten 30 päivän aikana keräsit { $gained } pistettä ja { $move ->
        [climbed] nousit sijalta #{ $from } sijalle #{ $to }
        [moved] siirryit sijalta #{ $from } sijalle #{ $to }
       *[held] pysyit sijalla #{ $to }
    }.
app-best-day = Paras päiväsi oli { $day }: { $points } pistettä.
app-as-table = Näytä kaikki päivät taulukkona
app-col-day = Päivä
app-col-points = Pisteet
app-col-total = Yhteensä
app-col-rank = Sija
app-empty-title = Ei vielä suorituksia
app-empty-text = Kirjaa ensimmäinen treenisi botissa – napauta ”Kirjaa suoritus” tai kirjoita esim. ”juoksu 30” – niin edistymiskaaviosi alkaa tästä.
app-empty-guild = Tervetuloa, { $name }! Jokainen kirjaamasi minuutti kerryttää myös kiltaa { $guild }.
app-empty-mix = Lajijakaumasi näkyy tässä ensimmäisen suorituksesi jälkeen.
app-back-to-bot = Takaisin bottiin
app-mix-title = Lajijakauma
app-mix-hint = Pisteesi lajiryhmittäin, kestot ja kerrat mukana.
app-col-category = Lajiryhmä
app-col-time = Aika
app-sessions = { $count ->
        [one] 1 kerta
       *[other] { $count } kertaa
    }
app-mix-caption = Pisteet, aika ja kerrat lajiryhmittäin
app-mix-summary = Suurin osa pisteistäsi tulee lajiryhmästä { $category } ({ $share } %).
app-other-categories = Muut lajiryhmät
app-other-category = Muut
app-duration = { $hours ->
        [0] { $rest } min
       *[other] { $rest ->
            [0] { $hours } h
           *[other] { $hours } h { $rest } min
        }
    }
app-guilds-title = Kiltojen kisa
app-metric-average = Keskiarvo
app-metric-average-hint = Pisteitä jäsentä kohden – tämän mukaan killat asetetaan järjestykseen.
app-metric-active = Aktiiviset
app-metric-active-hint = Kuinka suuri osa killan jäsenistä on kirjannut pisteitä.
app-metric-week = 7 päivää
app-metric-week-hint = Viimeisen 7 päivän aikana kertyneet pisteet jäsentä kohden: kuka nousee.
app-metrics-label = Vertaa kiltoja
app-your-guild = oma kilta
app-guild-summary = { $name } on sijalla #{ $rank }/{ $count }: { $average } pistettä jäsentä kohden, { $participation } % jäsenistä aktiivisia ja +{ $week } viimeisen 7 päivän aikana.
app-guild-leader = Johdossa: { $name }, { $average } pistettä jäsentä kohden.
app-metric-score = Tulos
app-metric-score-hint = 0–100 pisteen tulos, jonka mukaan killat asetetaan järjestykseen: { $points } % jäsenkohtaisista pisteistä parhaaseen kiltaan verrattuna, { $participation } % osallistumisesta.
app-metric-average-plain-hint = Pisteitä killan jäsenmäärää kohden.
app-score-rule = Näin tulos muodostuu: { $points } % tulee pisteistä jäsentä kohden (parhaan killan keskiarvo tuo koko osuuden) ja { $participation } % osallistumisesta (pisteitä saaneet jäsenet ÷ killan jäsenmäärä, enintään 100 %).
app-guild-summary-score = { $name } on sijalla #{ $rank }/{ $count } tuloksella { $score }: { $average } pistettä jäsentä kohden, { $participation } % jäsenistä aktiivisia ja +{ $week } viimeisen 7 päivän aikana.
app-guild-leader-score = Johdossa: { $name }, tulos { $score }.
app-col-score = Tulos
app-col-guild = Kilta
app-col-average = Keskiarvo
app-col-active = Aktiiviset
app-col-week = 7 pv
app-col-name = Nimi
app-no-guilds = Kiltoja ei vielä ole.
app-top-title = Kärkiosallistujat
app-position-title = Sijoituksesi
app-position = #{ $rank }/{ $count }, { $points } pistettä
app-you = sinä
app-no-leaders = Kenelläkään ei ole vielä pisteitä – ole ensimmäinen!
app-show-table = Näytä taulukkona
app-gate-open-title = Avaa sovellus botista
app-gate-reopen-title = Avaa sovellus uudelleen botista
app-gate-register-title = Rekisteröidy ensin botissa
app-gate-unavailable-title = Tilastosi eivät ole saatavilla täällä
app-gate-missing = Edistymisesi näkyy, kun Telegram avaa tämän sivun sinulle: lähetä botille /stats ja napauta ”Avaa tilastosovellus”.
app-gate-expired = Ikkuna on ollut auki liian kauan, ja Telegramin kirjautuminen on vanhentunut. Sulje se ja avaa tilastosovellus uudelleen botin /stats-valikosta.
app-gate-invalid = Telegramin kirjautumista ei voitu vahvistaa. Avaa tilastosovellus botin /stats-valikosta Telegramissa.
app-gate-not-registered = Et ole vielä rekisteröitynyt: avaa botti, lähetä /start ja valitse kiltasi, ja palaa sitten tänne.
app-gate-unavailable = Tämä palvelin toimii ilman Telegram-bottia, joten henkilökohtaiset tilastot eivät ole käytössä.
app-gate-public = Kiltojen kisa ja kärkiosallistujat löytyvät alla olevilta välilehdiltä.
app-starts = Alkaa { $date }
app-finished = Päättyi { $date }
app-last-day = Viimeinen päivä · päivä { $day }/{ $total }
app-day-of = Päivä { $day }/{ $total } · { $left ->
        [one] 1 päivä jäljellä
       *[other] { $left } päivää jäljellä
    }
app-anonymous = anonyymi
app-rules = Pisteytyssäännöt
app-mydata-title = Tietosi
app-mydata-text = Kopio kaikesta, mitä sinusta on tallennettu: rekisteröitymisesi, suorituksesi, palautteesi ja asetuksesi. Kun lähetät botille /omattiedot, saat saman tiedoston keskusteluun.
app-mydata-button = Tallenna kopio tiedoistani
app-mydata-saved = Tallennettu nimellä { $file }.
app-streak = 🔥 { $current ->
        [one] 1 päivä
       *[other] { $current } päivää
    } putkeen · pisin { $longest }
app-streak-over = 🔥 Kirjaa tänään suoritus, niin aloitat uuden putken · pisin { $longest }
app-seasons-title = Menneet kaudet
app-season = { $name } ({ $start } – { $end })
app-season-mine = Sijoituit { $rank }./{ $participants } { $points } pisteellä.
