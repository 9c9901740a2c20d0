# Koko tuotteen yhteiset sanat: kielet, luvut, päivämäärät, rasitustasot.

language-name = Suomi
product-name = Activity Challenge

points-amount = { $points ->
    [one] { $points } piste
   *[other] { $points } pistettä
}
minutes-short = { $minutes } min

weekday-short = { $day ->
    [1] ma
    [2] ti
    [3] ke
    [4] to
    [5] pe
    [6] la
   *[7] su
}
weekday-letter = { $day ->
    [1] ma
    [2] ti
    [3] ke
    [4] to
    [5] pe
    [6] la
   *[7] su
}
month-year = { $month ->
    [1] tammikuu
    [2] helmikuu
    [3] maaliskuu
    [4] huhtikuu
    [5] toukokuu
    [6] kesäkuu
    [7] heinäkuu
    [8] elokuu
    [9] syyskuu
    [10] lokakuu
    [11] marraskuu
   *[12] joulukuu
} { $year }
month-short = { $month ->
    [1] tammi
    [2] helmi
    [3] maalis
    [4] huhti
    [5] touko
    [6] kesä
    [7] heinä
    [8] elo
    [9] syys
    [10] loka
    [11] marras
   *[12] joulu
}

intensity-light = Kevyt
intensity-moderate = Reipas
intensity-vigorous = Rasittava
activity-label = { $activity } ({ $intensity })

# Kisan pisteytyssäännöt, yksi lause kustakin.
rules-none = Kaikki luettelon lajit kelpaavat: MET × minuutit ÷ 60, enintään 24 tuntia suoritusta kohden.
rules-minutes-both = Suoritukset kelpaavat { $min } minuutista alkaen; yhden suorituksen { $max } minuutin ylittävää osaa ei lasketa.
rules-minutes-min = Alle { $min } minuutin suoritukset eivät kelpaa.
rules-minutes-max = Yhden suorituksen { $max } minuutin ylittävää osaa ei lasketa.
rules-daily-max = Enintään { $points } pistettä osallistujaa kohden päivässä; ylimenevää osaa ei lasketa.
rules-excluded = Eivät kuulu tähän kisaan: { $what }.
rules-multiplier = ×{ $factor } pisteet lajista { $what } { $from } – { $to }.
rules-multiplier-all = ×{ $factor } pisteet kaikista lajeista { $from } – { $to }.
rules-guild-score-average = Killat asetetaan järjestykseen keskiarvon mukaan: pisteet ÷ killan jäsenmäärä.
rules-guild-score-composite = Killat asetetaan järjestykseen 0–100 pisteen tuloksen mukaan: { $points } % tulee pisteistä jäsentä kohden (parhaan killan keskiarvo tuo koko osuuden) ja { $participation } % osallistumisesta (pisteitä saaneet jäsenet ÷ killan jäsenmäärä, enintään 100 %).
rules-note-max-minutes = Suorituksen { $minutes } minuutista lasketaan vain { $max }: se on tämän kisan pisin sallittu suoritus.
rules-note-multiplier = Tästä lajista saa sinä päivänä pisteet ×{ $factor }.
rules-note-daily-max = { $points } pistettä jäi laskematta: päivässä voi saada enintään { $max } pistettä.
rules-note-awaits-review = ⏳ Tämä suoritus odottaa järjestäjän tarkistusta: sen { $points } pistettä lasketaan, kun se on hyväksytty.
rules-flagged-after-approval = Järjestäjän tarkistettaviksi merkityt suoritukset lasketaan vasta, kun järjestäjä on hyväksynyt ne.
