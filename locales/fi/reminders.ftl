## Asetukset: päivittäinen muistutus ja viikkokooste

bot-command-settings = Päivittäinen muistutus ja viikkokooste
bot-button-settings = ⚙️ Asetukset
bot-settings =
    ⚙️ <b>Asetukset</b>

    ⏰ Päivittäinen muistutus: { $reminder }
    📅 Viikkokooste maanantaiaamuisin: { $digest }

    Muistutus tulee vain päivinä, joille et ole vielä kirjannut mitään.
bot-settings-reminder-at = joka päivä klo { $hour }
bot-settings-reminder-none = pois päältä
bot-settings-digest-yes = päällä
bot-settings-digest-no = pois päältä
bot-settings-hours = ⏰ Mihin aikaan muistutan sinua päivinä, joille et ole kirjannut mitään?
bot-settings-hours-quiet = ⏰ Mihin aikaan muistutan sinua päivinä, joille et ole kirjannut mitään? (Kello { $start }–{ $end } muistutuksia ei lähetetä.)
bot-button-reminder-hour = ⏰ Valitse muistutuksen aika
bot-button-reminder-off = 🔕 Muistutukset pois
bot-button-digest-on = 📅 Viikkokooste päälle
bot-button-digest-off = 📅 Viikkokooste pois
bot-reminder-set = ⏰ Muistutan sinua klo { $hour } päivinä, joille et ole kirjannut mitään.
bot-reminder-turned-off = 🔕 Muistutukset ovat pois päältä.
bot-digest-turned-on = 📅 Viikkokooste on päällä.
bot-digest-turned-off = 📅 Viikkokooste on pois päältä.

## Itse viestit

bot-reminder = ⏰ Tälle päivälle ei ole vielä kirjattu mitään. Lyhytkin kävely lasketaan: kirjaa se yhdellä napautuksella.
bot-digest =
    📅 <b>Viikkosi { $from } – { $to }</b>

    Pisteet: { $points }
    Aktiivisia päiviä: { $days }/7
    Nykyinen putki: { $streak ->
        [one] { $streak } päivä
       *[other] { $streak } päivää
    }
    Sijoituksesi: { $rank } (viikkoa aiemmin: { $before })
bot-digest-guild = Kiltasi { $guild }: sija { $rank } (viikkoa aiemmin: { $before })

## Kieltäytymiset

err-reminder-hour = { $hour } ei ole vuorokauden tunti; valitse tunti väliltä 0–23.
err-reminder-quiet-hour = Kello { $start }–{ $end } muistutuksia ei lähetetä; valitse aika sen ulkopuolelta.

## Putkien kärki

bot-button-streaks = 🔥 Putket
bot-stats-streaks-title = 🔥 <b>Pisimmät käynnissä olevat putket</b> (päiviä peräkkäin suorituksen kanssa)
bot-stats-no-streaks = Kenelläkään ei ole vielä putkea käynnissä.
bot-stats-streak-line = { $rank }. { $name } — { $days ->
        [one] { $days } päivä
       *[other] { $days } päivää
    }
app-streaks-title = 🔥 Pisimmät käynnissä olevat putket
app-col-days = Päiviä peräkkäin

## Kilpailun virstanpylväsviestit

bot-milestone-starts-tomorrow =
    🏁 <b>{ $competition } alkaa huomenna!</b>

    { $start } – { $end } jokainen kirjaamasi suoritus kerryttää pisteitä sinulle ja killallesi. Kirjaa komennolla /log tai valikkopainikkeesta.
bot-milestone-days-left =
    ⏳ <b>{ $days ->
        [one] { $competition }: viimeinen päivä!
       *[other] { $competition }: { $days } päivää jäljellä tämä päivä mukaan lukien.
    }</b>

    Kilpailu päättyy { $end } keskiyöllä: kirjaa tekemisesi sitä ennen.
bot-milestone-standing = Sinä: { $points } pistettä, sija { $rank }/{ $participants }.
bot-milestone-guild = Kiltasi { $guild }: sija { $rank }/{ $guilds }.
bot-milestone-final-results =
    🏆 <b>{ $competition } on päättynyt.</b> Lopputulokset:
bot-milestone-podium = { $rank }. { $guild } ({ $score })
bot-milestone-thanks = Kiitos osallistumisesta!

err-milestone-hour = ”{ $text }” ei ole vuorokauden tunti; anna tunti väliltä 0–23, esimerkiksi 12.
err-milestone-days = ”{ $text }” ei ole päivien määrä väliltä 1–{ $max }, tai 0, jos ”päiviä jäljellä” -viestiä ei lähetetä.
err-milestone-quiet-hour = Hiljaisina tunteina { $start }:00–{ $end }:00 viestejä ei lähetetä; valitse tunti niiden ulkopuolelta.
err-milestones-stale = Joku muu muutti kilpailua ”{ $name }” sen jälkeen, kun avasit sen (sinulla oli versio { $yours }, nyt se on versio { $now }). Mitään ei tallennettu; katso asetukset sellaisina kuin ne nyt ovat ja aseta ne uudelleen.
