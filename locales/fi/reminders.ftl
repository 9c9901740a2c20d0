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
