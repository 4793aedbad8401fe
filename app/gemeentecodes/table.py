"""Dated table of Dutch gemeentecodes: per code its name, begin date, end date and successor, as the BRP
"Tabel 33 Gemeententabel" (RvIG) and the CBS "Gemeentelijke indeling" keep them. Data only; the
functions are in `app.gemeentecodes.lookup`.

Sources (transcribed by hand, no download is possible where this service is built):

- Codes, names, ingangsdatum and einddatum: the CBS "Gemeentelijke indeling" history as kept in the
  NLExtract project, file `bagv2/etl/data/cbs/gemeentelijke-indeling.csv` (github.com/nlextract/NLExtract,
  commit 2a97e2feb5039f050af1cc09e651e4c2c72724b1), state of 1 January 2023: its last change is the
  herindeling to Voorne aan Zee on 2023-01-01. Names are that file's (CBS spelling, with a province suffix
  where CBS adds one: "Hengelo (O.)", "Bergen (NH.)"). A begin date of 1970-01-01 is CBS's floor for
  "existed on 1 January 1970 or earlier"; Vianen's two source rows (a change of province in 2002, same
  code and name) are one row here.
- Successor codes (nieuwe code) and splits: the herindelingen as CBS, VNG and the Rijksoverheid announced
  them (CBS news releases of 2014-02, 2018-12, 2021-12 and 2022-12; VNG "Hoeveel gemeenten zijn er per
  2018"; the list of the twelve herindelingen of 2019-01-01 passed by the Eerste Kamer, 2018-07; ANP/CBS
  on Eemsdelta and Haaren, 2020-12; CBS via nu.nl, 2019-12: no herindeling on 2020-01-01). The
  successors of 2013, 2015 and 2016 follow the names of the herindelingswetten (e.g. Kamerstuk 33 790,
  Alkmaar, Graft-De Rijp en Schermer) and the begin dates of the CBS file; they were not read from Tabel 33,
  which could not be consulted here. A gemeente split over several others has no single successor: its
  row lists the receiving codes in `opgesplitst_over` and leaves `nieuwe_code` empty.
- Planned: Wijdemeren (1696) added to Hilversum (0402) on 2027-01-01, wetsvoorstel sent to the Tweede
  Kamer on 2025-11-21 (Rijksoverheid news of 2025-09-26 and 2025-11-21). No other herindeling on
  2027-01-01, nor any on 2024-01-01, 2025-01-01 or 2026-01-01, was found in the material searched.

Coverage: complete for every date from 2012-12-31 (`COMPLETE_FROM`) on, i.e. every code that existed on
that day or began later. Checked against the counts CBS published: 415 gemeenten on 2012-12-31, then on
1 January 408 (2013), 403 (2014), 393 (2015), 390 (2016), 388 (2017), 380 (2018), 355 (2019 and 2020),
352 (2021), 345 (2022), 344 from 2022-03-24, 342 (2023); 342 on 2026-12-31 and 341 on 2027-01-01 if the
planned herindeling happens. Codes that ended before 2013 are not in the table.

Format of `_TABLE`, one row per code and period, `;`-separated, trailing empty fields may be left out:

    gemeentecode;gemeentenaam;ingangsdatum;einddatum;nieuwe_code;opgesplitst_over;status

Dates are ISO; a code is valid on d iff ingangsdatum <= d < einddatum (einddatum exclusive: the first day
on which the code is no longer valid, the day of the herindeling). `opgesplitst_over` is `+`-separated.
`status` is empty (vastgesteld: in force or enacted by law) or `gepland` (the row's change is a herindeling
not yet enacted: if the law does not pass, remove the einddatum, nieuwe code and status of the row).
Lines starting with `#` are comments. Refreshing: see the README, section on the gemeentecodes table.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final, Literal

Status = Literal["vastgesteld", "gepland"]

SOURCE: Final = (
    "CBS Gemeentelijke indeling (via NLExtract gemeentelijke-indeling.csv, state of 2023-01-01); "
    "herindelingen per CBS/VNG/Rijksoverheid; planned Hilversum-Wijdemeren per Rijksoverheid 2025-11-21"
)
# The date of the newest source used (the Rijksoverheid news on the Hilversum-Wijdemeren wetsvoorstel).
SOURCE_DATE: Final = dt.date(2025, 11, 21)
COMPLETE_FROM: Final = dt.date(2012, 12, 31)

_CODE = re.compile(r"[0-9]{4}")


@dataclass(frozen=True, slots=True)
class GemeentecodeRecord:
    """One period of one gemeentecode: a row of the gemeententabel."""

    code: str
    name: str
    begin: dt.date
    end: dt.date | None = None
    successor: str | None = None
    split_over: tuple[str, ...] = ()
    status: Status = "vastgesteld"

    def is_valid(self, on: dt.date) -> bool:
        """begin <= on < end; a record without end is valid from its begin on."""
        return self.begin <= on and (self.end is None or on < self.end)


def _code(value: str, line_no: int) -> str:
    if not _CODE.fullmatch(value):
        raise ValueError(f"gemeententabel line {line_no}: {value!r} is not a 4-digit gemeentecode")
    return value


def _date(value: str, line_no: int) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"gemeententabel line {line_no}: {value!r} is not an ISO date") from None


def parse(text: str) -> tuple[GemeentecodeRecord, ...]:
    """The records of a table in the format described in the module docstring; ValueError names the
    first bad line."""
    records: list[GemeentecodeRecord] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split(";")]
        if len(fields) < 3 or len(fields) > 7:
            raise ValueError(f"gemeententabel line {line_no}: expected 3 to 7 fields, got {len(fields)}")
        fields += [""] * (7 - len(fields))
        code, name, begin, end, successor, split_over, status = fields
        if not name:
            raise ValueError(f"gemeententabel line {line_no}: empty gemeentenaam")
        if status not in ("", "gepland"):
            raise ValueError(f"gemeententabel line {line_no}: unknown status {status!r}")
        record = GemeentecodeRecord(
            code=_code(code, line_no),
            name=name,
            begin=_date(begin, line_no),
            end=_date(end, line_no) if end else None,
            successor=_code(successor, line_no) if successor else None,
            split_over=tuple(_code(c, line_no) for c in split_over.split("+")) if split_over else (),
            status="gepland" if status else "vastgesteld",
        )
        if record.end is not None and record.end <= record.begin:
            raise ValueError(f"gemeententabel line {line_no}: einddatum not after ingangsdatum")
        if record.end is None and (record.successor or record.split_over):
            raise ValueError(
                f"gemeententabel line {line_no}: nieuwe_code or opgesplitst_over without einddatum"
            )
        if record.successor and record.split_over:
            raise ValueError(f"gemeententabel line {line_no}: both nieuwe_code and opgesplitst_over")
        records.append(record)
    return tuple(records)


_TABLE: Final = """\
# Geldig, zonder einddatum (de gemeentelijke indeling sinds 2023-01-01).
0014;Groningen;1970-01-01
0034;Almere;1984-01-01
0037;Stadskanaal;1969-01-01
0047;Veendam;1970-01-01
0050;Zeewolde;1984-01-01
0059;Achtkarspelen;1970-01-01
0060;Ameland;1970-01-01
0072;Harlingen;1970-01-01
0074;Heerenveen;1934-07-01
0080;Leeuwarden;1970-01-01
0085;Ooststellingwerf;1970-01-01
0086;Opsterland;1970-01-01
0088;Schiermonnikoog;1970-01-01
0090;Smallingerland;1970-01-01
0093;Terschelling;1970-01-01
0096;Vlieland;1970-01-01
0098;Weststellingwerf;1970-01-01
0106;Assen;1970-01-01
0109;Coevorden;1970-01-01
0114;Emmen;1970-01-01
0118;Hoogeveen;1970-01-01
0119;Meppel;1970-01-01
0141;Almelo;1913-01-01
0147;Borne;1970-01-01
0148;Dalfsen;1970-01-01
0150;Deventer;1970-01-01
0153;Enschede;1970-01-01
0158;Haaksbergen;1970-01-01
0160;Hardenberg;1941-05-01
0163;Hellendoorn;1970-01-01
0164;Hengelo (O.);1970-01-01
0166;Kampen;1970-01-01
0168;Losser;1970-01-01
0171;Noordoostpolder;1962-07-01
0173;Oldenzaal;1970-01-01
0175;Ommen;1923-05-01
0177;Raalte;1970-01-01
0180;Staphorst;1970-01-01
0183;Tubbergen;1970-01-01
0184;Urk;1970-01-01
0189;Wierden;1970-01-01
0193;Zwolle;1970-01-01
0197;Aalten;1970-01-01
0200;Apeldoorn;1970-01-01
0202;Arnhem;1970-01-01
0203;Barneveld;1970-01-01
0209;Beuningen;1970-01-01
0213;Brummen;1970-01-01
0214;Buren;1970-01-01
0216;Culemborg;1970-01-01
0221;Doesburg;1970-01-01
0222;Doetinchem;1920-01-01
0225;Druten;1970-01-01
0226;Duiven;1970-01-01
0228;Ede;1970-01-01
0230;Elburg;1970-01-01
0232;Epe;1970-01-01
0233;Ermelo;1970-01-01
0243;Harderwijk;1970-01-01
0244;Hattem;1970-01-01
0246;Heerde;1970-01-01
0252;Heumen;1970-01-01
0262;Lochem;1970-01-01
0263;Maasdriel;1944-08-01
0267;Nijkerk;1970-01-01
0268;Nijmegen;1970-01-01
0269;Oldebroek;1970-01-01
0273;Putten;1970-01-01
0274;Renkum;1970-01-01
0275;Rheden;1970-01-01
0277;Rozendaal;1970-01-01
0279;Scherpenzeel;1970-01-01
0281;Tiel;1970-01-01
0285;Voorst;1970-01-01
0289;Wageningen;1970-01-01
0293;Westervoort;1970-01-01
0294;Winterswijk;1970-01-01
0296;Wijchen;1970-01-01
0297;Zaltbommel;1970-01-01
0299;Zevenaar;1970-01-01
0301;Zutphen;1970-01-01
0302;Nunspeet;1972-01-01
0303;Dronten;1972-01-01
0307;Amersfoort;1970-01-01
0308;Baarn;1970-01-01
0310;De Bilt;1970-01-01
0312;Bunnik;1970-01-01
0313;Bunschoten;1970-01-01
0317;Eemnes;1970-01-01
0321;Houten;1970-01-01
0327;Leusden;1970-01-01
0331;Lopik;1970-01-01
0335;Montfoort;1970-01-01
0339;Renswoude;1970-01-01
0340;Rhenen;1970-01-01
0342;Soest;1970-01-01
0344;Utrecht;1970-01-01
0345;Veenendaal;1970-01-01
0351;Woudenberg;1970-01-01
0352;Wijk bij Duurstede;1970-01-01
0353;IJsselstein;1970-01-01
0355;Zeist;1970-01-01
0356;Nieuwegein;1971-07-01
0358;Aalsmeer;1970-01-01
0361;Alkmaar;1970-01-01
0362;Amstelveen;1964-01-01
0363;Amsterdam;1970-01-01
0373;Bergen (NH.);1970-01-01
0375;Beverwijk;1970-01-01
0376;Blaricum;1970-01-01
0377;Bloemendaal;1970-01-01
0383;Castricum;1970-01-01
0384;Diemen;1970-01-01
0385;Edam-Volendam;1975-01-01
0388;Enkhuizen;1970-01-01
0392;Haarlem;1970-01-01
0394;Haarlemmermeer;1855-01-01
0396;Heemskerk;1970-01-01
0397;Heemstede;1970-01-01
0399;Heiloo;1970-01-01
0400;Den Helder;1970-01-01
0402;Hilversum;1970-01-01
0405;Hoorn;1970-01-01
0406;Huizen;1970-01-01
0415;Landsmeer;1970-01-01
0417;Laren (NH.);1970-01-01
0420;Medemblik;1970-01-01
0431;Oostzaan;1970-01-01
0432;Opmeer;1970-01-01
0437;Ouder-Amstel;1970-01-01
0439;Purmerend;1970-01-01
0441;Schagen;1970-01-01
0448;Texel;1970-01-01
0450;Uitgeest;1970-01-01
0451;Uithoorn;1970-01-01
0453;Velsen;1970-01-01
0473;Zandvoort;1970-01-01
0479;Zaanstad;1974-01-01
0482;Alblasserdam;1970-01-01
0484;Alphen aan den Rijn;1918-01-01
0489;Barendrecht;1886-01-01
0498;Drechterland;1980-01-01
0502;Capelle aan den IJssel;1970-01-01
0503;Delft;1970-01-01
0505;Dordrecht;1970-01-01
0512;Gorinchem;1970-01-01
0513;Gouda;1970-01-01
0518;'s-Gravenhage;1970-01-01
0523;Hardinxveld-Giessendam;1957-01-01
0531;Hendrik-Ido-Ambacht;1970-01-01
0532;Stede Broec;1979-01-01
0534;Hillegom;1970-01-01
0537;Katwijk;1970-01-01
0542;Krimpen aan den IJssel;1970-01-01
0546;Leiden;1970-01-01
0547;Leiderdorp;1970-01-01
0553;Lisse;1970-01-01
0556;Maassluis;1970-01-01
0569;Nieuwkoop;1970-01-01
0575;Noordwijk;1970-01-01
0579;Oegstgeest;1970-01-01
0589;Oudewater;1970-01-01
0590;Papendrecht;1970-01-01
0597;Ridderkerk;1970-01-01
0599;Rotterdam;1970-01-01
0603;Rijswijk (ZH.);1970-01-01
0606;Schiedam;1970-01-01
0610;Sliedrecht;1970-01-01
0613;Albrandswaard;1985-01-01
0622;Vlaardingen;1970-01-01
0626;Voorschoten;1970-01-01
0627;Waddinxveen;1870-07-01
0629;Wassenaar;1970-01-01
0632;Woerden;1970-01-01
0637;Zoetermeer;1970-01-01
0638;Zoeterwoude;1970-01-01
0642;Zwijndrecht;1970-01-01
0654;Borsele;1970-01-01
0664;Goes;1970-01-01
0668;West Maas en Waal;1985-07-01
0677;Hulst;1970-01-01
0678;Kapelle;1970-01-01
0687;Middelburg (Z.);1970-01-01
0703;Reimerswaal;1970-01-01
0715;Terneuzen;1970-01-01
0716;Tholen;1970-01-01
0717;Veere;1970-01-01
0718;Vlissingen;1970-01-01
0736;De Ronde Venen;1989-01-01
0737;Tytsjerksteradiel;1989-01-01
0743;Asten;1970-01-01
0744;Baarle-Nassau;1970-01-01
0748;Bergen op Zoom;1970-01-01
0753;Best;1970-01-01
0755;Boekel;1970-01-01
0757;Boxtel;1970-01-01
0758;Breda;1970-01-01
0762;Deurne;1926-01-01
0765;Pekela;1990-01-01
0766;Dongen;1970-01-01
0770;Eersel;1970-01-01
0772;Eindhoven;1970-01-01
0777;Etten-Leur;1968-01-01
0779;Geertruidenberg;1970-01-01
0784;Gilze en Rijen;1970-01-01
0785;Goirle;1970-01-01
0794;Helmond;1970-01-01
0796;'s-Hertogenbosch;1970-01-01
0797;Heusden;1970-01-01
0798;Hilvarenbeek;1970-01-01
0809;Loon op Zand;1970-01-01
0820;Nuenen, Gerwen en Nederwetten;1970-01-01
0823;Oirschot;1970-01-01
0824;Oisterwijk;1970-01-01
0826;Oosterhout;1970-01-01
0828;Oss;1970-01-01
0840;Rucphen;1970-01-01
0845;Sint-Michielsgestel;1970-01-01
0847;Someren;1970-01-01
0848;Son en Breugel;1970-01-01
0851;Steenbergen;1970-01-01
0852;Waterland;1991-01-01
0855;Tilburg;1970-01-01
0858;Valkenswaard;1970-01-01
0861;Veldhoven;1970-01-01
0865;Vught;1970-01-01
0866;Waalre;1970-01-01
0867;Waalwijk;1970-01-01
0873;Woensdrecht;1970-01-01
0879;Zundert;1970-01-01
0880;Wormerland;1991-01-01
0882;Landgraaf;1970-01-01
0888;Beek (L.);1970-01-01
0889;Beesel;1970-01-01
0893;Bergen (L.);1970-01-01
0899;Brunssum;1970-01-01
0907;Gennep;1970-01-01
0917;Heerlen;1970-01-01
0928;Kerkrade;1970-01-01
0935;Maastricht;1970-01-01
0938;Meerssen;1970-01-01
0944;Mook en Middelaar;1970-01-01
0946;Nederweert;1970-01-01
0957;Roermond;1970-01-01
0965;Simpelveld;1970-01-01
0971;Stein (L.);1970-01-01
0981;Vaals;1970-01-01
0983;Venlo;1970-01-01
0984;Venray;1970-01-01
0986;Voerendaal;1970-01-01
0988;Weert;1970-01-01
0994;Valkenburg aan de Geul;1970-01-01
0995;Lelystad;1970-01-01
1507;Horst aan de Maas;2001-01-01
1509;Oude IJsselstreek;2005-01-01
1525;Teylingen;2006-01-01
1581;Utrechtse Heuvelrug;2006-01-01
1586;Oost Gelre;2007-01-01
1598;Koggenland;2007-01-01
1621;Lansingerland;2007-01-01
1640;Leudal;2007-01-01
1641;Maasgouw;2007-01-01
1652;Gemert-Bakel;1997-01-01
1655;Halderberge;1997-01-01
1658;Heeze-Leende;1997-01-01
1659;Laarbeek;1997-01-01
1667;Reusel-De Mierden;1997-01-01
1669;Roerdalen;1993-01-01
1674;Roosendaal;1997-01-01
1676;Schouwen-Duiveland;1997-01-01
1680;Aa en Hunze;1998-01-01
1681;Borger-Odoorn;1998-01-01
1690;De Wolden;1998-01-01
1695;Noord-Beveland;1995-01-01
1699;Noordenveld;1998-01-01
1700;Twenterand;2003-01-01
1701;Westerveld;1998-01-01
1705;Lingewaard;2003-01-01
1706;Cranendonck;1999-01-01
1708;Steenwijkerland;2003-01-01
1709;Moerdijk;1999-01-01
1711;Echt-Susteren;2003-01-01
1714;Sluis;2003-01-01
1719;Drimmelen;1999-01-01
1721;Bernheze;1996-01-01
1723;Alphen-Chaam;1997-01-01
1724;Bergeijk;1999-01-01
1728;Bladel;1997-01-01
1729;Gulpen-Wittem;1999-01-01
1730;Tynaarlo;2000-01-01
1731;Midden-Drenthe;2000-01-01
1734;Overbetuwe;2001-01-01
1735;Hof van Twente;2001-01-01
1740;Neder-Betuwe;2004-01-01
1742;Rijssen-Holten;2004-01-01
1771;Geldrop-Mierlo;2004-01-01
1773;Olst-Wijhe;2003-01-01
1774;Dinkelland;2003-01-01
1783;Westland;2004-01-01
1842;Midden-Delfland;2004-01-01
1859;Berkelland;2005-01-01
1876;Bronckhorst;2005-01-01
1883;Sittard-Geleen;2001-01-01
1884;Kaag en Braassem;2009-01-01
1891;Dantumadiel;2009-01-01
1892;Zuidplas;2010-01-01
1894;Peel en Maas;2010-01-01
1895;Oldambt;2010-01-01
1896;Zwartewaterland;2001-01-01
1900;Súdwest-Fryslân;2011-01-01
1901;Bodegraven-Reeuwijk;2011-01-01
1903;Eijsden-Margraten;2011-01-01
1904;Stichtse Vecht;2011-01-01
1911;Hollands Kroon;2012-01-01
1916;Leidschendam-Voorburg;2002-01-01
1924;Goeree-Overflakkee;2013-01-01
1926;Pijnacker-Nootdorp;2002-01-01
1930;Nissewaard;2015-01-01
1931;Krimpenerwaard;2015-01-01
1940;De Fryske Marren;2015-07-01
1942;Gooise Meren;2016-01-01
1945;Berg en Dal;2016-01-01
1948;Meierijstad;2017-01-01
1949;Waadhoeke;2018-01-01
1950;Westerwolde;2018-01-01
1952;Midden-Groningen;2018-01-01
1954;Beekdaelen;2019-01-01
1955;Montferland;2005-01-01
1959;Altena;2019-01-01
1960;West Betuwe;2019-01-01
1961;Vijfheerenlanden;2019-01-01
1963;Hoeksche Waard;2019-01-01
1966;Het Hogeland;2019-01-01
1969;Westerkwartier;2019-01-01
1970;Noardeast-Fryslân;2019-01-01
1978;Molenlanden;2019-01-01
1979;Eemsdelta;2021-01-01
1980;Dijk en Waard;2022-01-01
1982;Land van Cuijk;2022-01-01
1991;Maashorst;2022-01-01
1992;Voorne aan Zee;2023-01-01

# Gepland per 2027-01-01: Wijdemeren wordt toegevoegd aan Hilversum, als de herindelingswet wordt
# aangenomen (wetsvoorstel bij de Tweede Kamer sinds 2025-11-21). Gaat de wet niet door: einddatum,
# nieuwe code en status van deze regel leegmaken.
1696;Wijdemeren;2002-01-01;2027-01-01;0402;;gepland

# Beëindigd per 2023-01-01: Brielle, Hellevoetsluis en Westvoorne samengevoegd tot Voorne aan Zee.
0501;Brielle;1970-01-01;2023-01-01;1992
0530;Hellevoetsluis;1970-01-01;2023-01-01;1992
0614;Westvoorne;1980-01-01;2023-01-01;1992

# Beëindigd per 2022-03-24: Weesp toegevoegd aan Amsterdam.
0457;Weesp;1970-01-01;2022-03-24;0363

# Beëindigd per 2022-01-01: Beemster bij Purmerend; Dijk en Waard; Land van Cuijk; Maashorst.
0370;Beemster;1970-01-01;2022-01-01;0439
0398;Heerhugowaard;1970-01-01;2022-01-01;1980
0416;Langedijk;1941-08-01;2022-01-01;1980
0756;Boxmeer;1970-01-01;2022-01-01;1982
0786;Grave;1970-01-01;2022-01-01;1982
0815;Mill en Sint Hubert;1970-01-01;2022-01-01;1982
1684;Cuijk;1994-01-01;2022-01-01;1982
1702;Sint Anthonis;1996-01-01;2022-01-01;1982
0856;Uden;1970-01-01;2022-01-01;1991
1685;Landerd;1994-01-01;2022-01-01;1991

# Beëindigd per 2021-01-01: Eemsdelta; Haaren opgesplitst over Boxtel, Oisterwijk, Tilburg en Vught.
0003;Appingedam;1970-01-01;2021-01-01;1979
0010;Delfzijl;1970-01-01;2021-01-01;1979
0024;Loppersum;1970-01-01;2021-01-01;1979
0788;Haaren;1970-01-01;2021-01-01;;0757+0824+0855+0865

# Beëindigd per 2019-01-01: Twaalf herindelingen; Winsum opgesplitst over Het Hogeland en Westerkwartier.
0009;Ten Boer;1970-01-01;2019-01-01;0014
0017;Haren;1970-01-01;2019-01-01;0014
0005;Bedum;1970-01-01;2019-01-01;1966
1651;Eemsmond;1992-01-01;2019-01-01;1966
1663;De Marne;1992-01-01;2019-01-01;1966
0053;Winsum;1970-01-01;2019-01-01;;1966+1969
0015;Grootegast;1970-01-01;2019-01-01;1969
0022;Leek;1970-01-01;2019-01-01;1969
0025;Marum;1970-01-01;2019-01-01;1969
0056;Zuidhorn;1970-01-01;2019-01-01;1969
0058;Dongeradeel;1984-01-01;2019-01-01;1970
0079;Kollumerland en Nieuwkruisland;1970-01-01;2019-01-01;1970
1722;Ferwerderadiel;1999-01-01;2019-01-01;1970
0236;Geldermalsen;1970-01-01;2019-01-01;1960
0304;Neerijnen;1978-01-01;2019-01-01;1960
0733;Lingewaal;1987-01-03;2019-01-01;1960
0545;Leerdam;1970-01-01;2019-01-01;1961
0620;Vianen;1970-01-01;2019-01-01;1961
0707;Zederik;1986-01-01;2019-01-01;1961
0393;Haarlemmerliede en Spaarnwoude;1857-01-01;2019-01-01;0394
0576;Noordwijkerhout;1970-01-01;2019-01-01;0575
0584;Oud-Beijerland;1970-01-01;2019-01-01;1963
0585;Binnenmaas;1984-01-01;2019-01-01;1963
0588;Korendijk;1984-01-01;2019-01-01;1963
0611;Cromstrijen;1984-01-01;2019-01-01;1963
0617;Strijen;1970-01-01;2019-01-01;1963
0689;Giessenlanden;1986-01-01;2019-01-01;1978
1927;Molenwaard;2013-01-01;2019-01-01;1978
0738;Aalburg;1970-01-01;2019-01-01;1959
0870;Werkendam;1970-01-01;2019-01-01;1959
0874;Woudrichem;1970-01-01;2019-01-01;1959
0881;Onderbanken;1970-01-01;2019-01-01;1954
0951;Nuth;1970-01-01;2019-01-01;1954
0962;Schinnen;1970-01-01;2019-01-01;1954

# Beëindigd per 2018-01-01: Westerwolde; Midden-Groningen; Waadhoeke; Leeuwarden; Zevenaar;
# Littenseradiel opgesplitst.
0007;Bellingwedde;1968-01-01;2018-01-01;1950
0048;Vlagtwedde;1970-01-01;2018-01-01;1950
0018;Hoogezand-Sappemeer;1949-04-01;2018-01-01;1952
0040;Slochteren;1970-01-01;2018-01-01;1952
1987;Menterwolde;1992-01-01;2018-01-01;1952
0063;het Bildt;1970-01-01;2018-01-01;1949
0070;Franekeradeel;1970-01-01;2018-01-01;1949
1908;Menameradiel;2011-01-01;2018-01-01;1949
0081;Leeuwarderadeel;1970-01-01;2018-01-01;0080
0140;Littenseradiel;1985-01-26;2018-01-01;;0080+1900+1949
0196;Rijnwaarden;1985-01-01;2018-01-01;0299

# Beëindigd per 2017-01-01: Meierijstad.
0844;Schijndel;1970-01-01;2017-01-01;1948
0846;Sint-Oedenrode;1970-01-01;2017-01-01;1948
0860;Veghel;1970-01-01;2017-01-01;1948

# Beëindigd per 2016-01-01: Gooise Meren; Zeevang bij Edam-Volendam; Groesbeek hernoemd tot
# Berg en Dal (met nieuwe code).
0381;Bussum;1970-01-01;2016-01-01;1942
0424;Muiden;1970-01-01;2016-01-01;1942
0425;Naarden;1970-01-01;2016-01-01;1942
0478;Zeevang;1970-08-01;2016-01-01;0385
0241;Groesbeek;1970-01-01;2016-01-01;1945

# Beëindigd per 2015-07-01: De Friese Meren hernoemd tot De Fryske Marren (nieuwe code).
1921;De Friese Meren;2014-01-01;2015-07-01;1940

# Beëindigd per 2015-01-01: Groesbeek; Alkmaar; Krimpenerwaard; Nissewaard; Maasdonk opgesplitst
# over 's-Hertogenbosch en Oss.
0265;Millingen aan de Rijn;1955-01-01;2015-01-01;0241
0282;Ubbergen;1970-01-01;2015-01-01;0241
0365;Graft-De Rijp;1970-08-01;2015-01-01;0361
0458;Schermer;1970-08-01;2015-01-01;0361
0491;Bergambacht;1970-01-01;2015-01-01;1931
0608;Schoonhoven;1970-01-01;2015-01-01;1931
0623;Vlist;1970-01-01;2015-01-01;1931
0643;Nederlek;1985-01-01;2015-01-01;1931
0644;Ouderkerk;1985-01-01;2015-01-01;1931
0568;Bernisse;1980-01-01;2015-01-01;1930
0612;Spijkenisse;1970-01-01;2015-01-01;1930
1671;Maasdonk;1993-01-01;2015-01-01;;0796+0828

# Beëindigd per 2014-01-01: De Friese Meren; Boarnsterhim opgesplitst; Boskoop en Rijnwoude bij
# Alphen aan den Rijn.
0051;Skasterlân;1985-03-01;2014-01-01;1921
0082;Lemsterland;1970-01-01;2014-01-01;1921
0653;Gaasterlân-Sleat;1985-06-05;2014-01-01;1921
0055;Boarnsterhim;1985-01-03;2014-01-01;;0074+0080+1900+1921
0499;Boskoop;1970-01-01;2014-01-01;0484
1672;Rijnwoude;1993-01-01;2014-01-01;0484

# Beëindigd per 2013-01-01: Schagen; Goeree-Overflakkee; Molenwaard.
0395;Harenkarspel;1970-01-01;2013-01-01;0441
0476;Zijpe;1970-01-01;2013-01-01;0441
0504;Dirksland;1970-01-01;2013-01-01;1924
0511;Goedereede;1970-01-01;2013-01-01;1924
0559;Middelharnis;1970-01-01;2013-01-01;1924
0580;Oostflakkee;1966-01-01;2013-01-01;1924
0571;Nieuw-Lekkerland;1970-01-01;2013-01-01;1927
0693;Graafstroom;1986-01-01;2013-01-01;1927
0694;Liesveld;1986-01-01;2013-01-01;1927
"""

RECORDS: Final[tuple[GemeentecodeRecord, ...]] = parse(_TABLE)
