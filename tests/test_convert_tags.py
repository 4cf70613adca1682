"""Tags (sitegen/convert/tags.py): names of what the article is about, not adjectives or nouns."""
from __future__ import annotations

from sitegen.convert.tags import extract_tags


def tags(title: str, summary: str, body: list[str], language: str = "en", **kw) -> list[str]:
    """The rules' candidates, ranked (model=None: without the learned scorer, which
    test_convert_tags_model.py tests)."""
    return extract_tags(title, summary, body, max_tags=kw.pop("max_tags", 8), aliases=kw.pop("aliases", {}),
                        stop=kw.pop("stop", ()), language=language, model=kw.pop("model", None))


EN_TITLE = "Russia and Iran sign treaty amid Western sanctions"
EN_SUMMARY = "Russia and Iran formalised a treaty as Western sanctions bite and Iranian President Pezeshkian visits."
EN_BODY = [
    "The treaty was signed in Moscow, where Western nations were not invited.",
    "Iran's foreign minister said the Western governments had no say in it.",
    "Officials in Russia and in Iran said the deal covers energy and defence.",
    "The talks, Duncan said, took months, and Duncan said more would follow.",
    "Officials said Netflix drama and Netflix films were banned.",
]


def test_modifier_only_words_are_not_tags_but_names_are():
    got = tags(EN_TITLE, EN_SUMMARY, EN_BODY)
    assert "Western" not in got            # only ever "Western sanctions/nations/governments"
    assert "Iranian" not in got and "Iranian President" not in got
    assert {"Russia", "Iran"} <= set(got)
    assert "Duncan" in got                 # always before a word too, but that word is a verb
    assert "Netflix" in tags("Netflix banned in Iran", "Netflix films are banned.", EN_BODY)  # not adjective-shaped


def test_modifier_test_applies_where_adjectives_are_capitalised():
    body = ["Selon le ministre, Catalan veut une réforme et Catalan annonce une loi.",
            "Le texte de Catalan passe au Sénat demain."]
    summary = "Le député Catalan veut aller vite."
    assert "Catalan" in tags("Réforme du travail", summary, body, language="fr")
    assert "Catalan" not in tags("Réforme du travail", summary, body, language="en")


def test_demonym_fallback_list_and_alias_override():
    body = ["The British were divided. The British voted again.", "South Korean officials met the British."]
    summary = "The British and South Korean delegations met in Seoul."
    got = tags("Talks in Seoul", summary, body)
    assert "British" not in got and "South Korean" not in got
    kept = tags("Talks in Seoul", summary, body, aliases={"British": "Britain"})
    assert "Britain" in kept


def test_calendar_words_make_a_time_not_a_name():
    body = ["The Sixers beat the Boston Celtics Wednesday night.", "The Sixers host the Boston Celtics Friday."]
    got = tags("Sixers beat Celtics", "The Sixers beat the Boston Celtics Wednesday at home.", body)
    assert not any("Wednesday" in t or "Friday" in t for t in got)
    assert "Sixers" in got


DE_BODY = [
    "Das Unterhaus hat das erforderliche Gesetz verabschiedet, sagte Premierminister Boris Johnson.",
    "Johnson schickte einen Brief an die EU. Der Premierminister will den Brief nicht unterschreiben.",
    "Die EU prüft das Gesetz. Auch die Ukraine verfolgt die Debatte über das Gesetz genau.",
    "In der Ukraine hofft man auf eine Einigung mit der EU und auf den EU-Vertrag.",
]


def test_german_common_nouns_are_not_tags():
    got = tags("Johnson schickt Brief an die EU", "Boris Johnson schreibt der EU einen Brief zum Gesetz.",
               DE_BODY, language="de")
    for noun in ("Gesetz", "Brief", "Premierminister", "Einigung", "EU-Vertrag", "Premierminister Boris Johnson"):
        assert noun not in got, noun
    assert "Boris Johnson" in got and "EU" in got
    assert "Ukraine" in got                # "die Ukraine": a definite article alone is no evidence


def test_a_word_opening_a_numbered_or_hashed_paragraph_is_sentence_initial():
    body = ["1. This paragraph starts with a number.", "# This one starts with a hash.", "This is plain."]
    assert "This" not in tags("Markdown specials", "A page of odd paragraphs.", body)


def test_alias_of_initials_applies():
    """"U.S." = "United States": the run reads "U.S" (the dot ends the sentence) and still maps."""
    body = ["Officials in the U.S. said the deal would hold. Talks with the U.S. resume in March.",
            "The U.S. embassy confirmed the plan on Monday, and the U.S. envoy will travel to Seoul."]
    out = tags("Talks resume", "Envoys meet in Seoul.", body, aliases={"U.S.": "United States"})
    assert "United States" in out and "U.S." not in out


def test_contractions_honorifics_and_glued_titles_are_not_tags():
    body = ["I'm told that Mr Lee met President Donald Trump in Seoul on Monday, and you'll hear more.",
            "Donald Trump said the talks went well. Later Donald Trump left Seoul for Tokyo.",
            "Don't expect a deal soon, Ms Park said after Donald Trump spoke to reporters in Tokyo."]
    out = tags("Trump meets Lee", "The leaders met in Seoul.", body)
    assert "Donald Trump" in out
    assert not {"I'm", "You'll", "Don't", "Mr", "Ms", "President Donald Trump"} & set(out)


def test_multi_word_names_stay_whole():
    body = ["Fans of the New York Islanders cheered as the new coach arrived.",
            "The New York Islanders later met the Rock and Roll Hall of Fame board; the Hall of Fame said yes.",
            "A new arena opens for the New York Islanders next year."]
    got = tags("Islanders cheer", "The New York Islanders have a new coach.", body)
    assert "New York Islanders" in got and "York Islanders" not in got
    assert "Hall of Fame" in " | ".join(got) and "Roll Hall" not in got


def test_a_full_name_written_alone_is_split_from_a_particle_and_what_follows():
    body = ["The study was led by Rosaly Lopes of NASA.", "The map took years, said Rosaly Lopes.",
            "NASA will fly Dragonfly to Titan."]
    got = tags("A map of Titan", "Rosaly Lopes of NASA mapped Titan.", body)
    assert "Rosaly Lopes" in got and "NASA" in got and "Rosaly Lopes of NASA" not in got


def test_surname_counts_for_the_full_name():
    body = ["On Monday Taylor Swift spoke.", "The label owns her records, Swift said.", "Next year Swift will tour."]
    got = tags("Swift speaks out", "Taylor Swift criticised the label.", body)
    assert "Taylor Swift" in got and "Swift" not in got


def test_the_sites_own_name_is_not_a_tag():
    body = ["Fox News reported that Taylor Swift spoke on Monday.", "Taylor Swift said more, Fox News reported."]
    page = ["Taylor Swift speaks out", *body, "© 2019 foxnews.com, Fox News Network, LLC. All rights reserved."]
    got = extract_tags("Swift speaks out", "Taylor Swift spoke to Fox.", body, max_tags=8, aliases={}, stop=(),
                       language="en", page=page, model=None)
    assert "Taylor Swift" in got
    assert not {"Fox News", "Fox", "Fox News Network"} & set(got)
    assert "Fox News" in tags("Swift speaks out", "Taylor Swift spoke to Fox.", body)   # another site's: a topic


def test_a_photo_credit_naming_the_headlines_subject_does_not_make_it_the_outlet():
    body = ["Alfa Romeo confirmed its driver line-up on Monday.", "Team boss Frederic Vasseur said Alfa Romeo would test in Bahrain.",
            "Alfa Romeo finished ninth last season."]
    page = ["Alfa Romeo keeps Bottas for 2023", *body, "Valtteri Bottas © Alfa Romeo",
            "© 2022 motorsport-total.com"]
    got = extract_tags("Alfa Romeo keeps Bottas for 2023", "Alfa Romeo signed Bottas.", body, max_tags=8,
                       aliases={}, stop=(), language="en", page=page, model=None)
    assert "Alfa Romeo" in got and "Romeo" not in got
    # not in the headline, the credited name is still taken for the site's own
    got = extract_tags("Bottas stays for 2023", "Alfa Romeo signed Bottas.", body, max_tags=8,
                       aliases={}, stop=(), language="en", page=page, model=None)
    assert "Alfa Romeo" not in got


def test_short_month_names_forms_of_address_and_job_acronyms_are_not_tags():
    body = ["Posted Nov 19. The CEO of Acme Corp said I've seen nothing like it.",
            "Acme Corp will report on Nov 20, the CEO said. Nov trading was slow.",
            "The comedian Jan Böhmermann mocked Acme Corp, and later Jan Böhmermann laughed."]
    got = tags("Acme Corp results", "Acme Corp's CEO spoke.", body)
    assert "Acme Corp" in got and "Jan Böhmermann" in got
    assert not {"Nov", "CEO", "I've"} & set(got)
    de = tags("Neue Regeln für Sie", "Sie müssen jetzt handeln, sagt Herr Schulz.",
              ["Ihre Daten sind sicher, sagt Herr Schulz. Sie können widersprechen.", "Herr Schulz lacht."],
              language="de")
    assert "Schulz" in de and not {"Sie", "Ihre", "Herr Schulz"} & set(de)


def test_german_common_nouns_known_to_the_lexicon_and_compound_titles():
    body = ["Der Mann sagte, die Zahl sei um zehn Prozent gestiegen. Ein Mann widersprach.",
            "Forschungsdirektor Joachim Mnich sprach in Hamburg. Prozent für Prozent, sagte Joachim Mnich.",
            "Die Schimmelgefahr sei gering, sagte Joachim Mnich in Hamburg."]
    got = tags("Mnich in Hamburg", "Joachim Mnich sprach über Prozent und Schimmelgefahr.", body, language="de")
    assert {"Joachim Mnich", "Hamburg"} <= set(got)
    assert not {"Mann", "Prozent", "Forschungsdirektor Joachim Mnich", "Schimmelgefahr"} & set(got)


def test_a_common_noun_after_a_given_name_is_a_surname():
    body = ["Der Siemens-Chef hat Luisa Neubauer einen Sitz angeboten, sagte Joe Kaeser.",
            "Luisa Neubauer lehnte ab."]    # ("Neubauer": a new farmer, in the noun list)
    got = tags("Kaeser und Neubauer", "Luisa Neubauer lehnte das Angebot ab.", body, language="de")
    assert "Luisa Neubauer" in got and "Luisa" not in got


def test_a_known_german_name_in_the_genitive_is_the_name():
    body = ["Die Regierung Nordmazedoniens trat zurück, die Opposition Nordmazedoniens jubelt."]
    got = tags("Die Wahl", "Die Regierung Nordmazedoniens ist zurückgetreten.", body, language="de")
    assert "Nordmazedonien" in got and "Nordmazedoniens" not in got


def test_a_form_of_address_before_a_name_is_not_part_of_it():
    body = ["Transport Secretary Grant Shapps said the list would change. Mr Shapps added more.",
            "Critics said Mr Shapps moved too slowly, and Dr. Ronald Moy agreed with Grant Shapps."]
    got = tags("Quarantine list grows", "Grant Shapps added Turkey to the list.", body)
    assert "Grant Shapps" in got and not {"Mr Shapps", "Shapps", "Dr Ronald Moy"} & set(got)


def test_german_genitives_and_particles_before_an_acronym_split_the_run():
    body = ["Nach der Wahl verlor Zaevs SDSM viele Stimmen in Skopje. Die SDSM regiert mit der DUI.",
            "Albanische Wähler in Skopje von DUI stimmten kaum für die SDSM, sagte Zoran Zaev."]
    got = tags("Wahl in Skopje", "Die SDSM von Zoran Zaev verliert in Skopje.", body, language="de")
    assert {"SDSM", "Skopje", "DUI"} <= set(got)
    assert not {"Zaevs SDSM", "Skopje von DUI"} & set(got)


def test_the_byline_is_who_wrote_the_article_not_its_topic():
    body = ["Ann Wilson sang Alone in 1987, and Ann Wilson still sings it, writes Tim Anderson.",
            "Tim saw Ann Wilson in Seattle. Tim Anderson was there with Nancy Wilson."]
    summary = "Ann Wilson and Nancy Wilson recorded Alone."
    assert "Tim Anderson" in tags("Heart's Alone", summary, body)
    got = extract_tags("Heart's Alone", summary, body, max_tags=8, aliases={}, stop=(), language="en",
                       authors=("Tim Anderson",), model=None)
    assert {"Ann Wilson", "Nancy Wilson"} <= set(got) and not {"Tim Anderson", "Tim", "Anderson"} & set(got)


def test_korean_particles_and_soft_hyphens_are_not_part_of_a_tag():
    body = ["어제 MBC는 보도했다. 오늘 MBC는 밝혔다.", "또 MBC는 전했다."]
    got = tags("MBC 보도", "어제 MBC는 말했다.", body, language="ko")
    assert "MBC" in got and not any("는" in t for t in got)
    assert not any("Stra" == t for t in tags("Stra\xadßenbahn", "Die Stra\xadßenbahn fährt.",
                                             ["Die Stra\xadßenbahn fährt. Die Stra\xadßenbahn hält."], language="de"))


def test_a_word_only_ever_cut_from_a_longer_name_is_not_a_tag():
    # the page writes "largo" in lower case, so "Cerro Largo" is trimmed to "Cerro": a piece, not a name
    body = ["Farmers near Cerro Largo in Uruguay sprayed the fields.", "The school in Cerro Largo closed, Uruguay said.",
            "The piece ends with a slow largo."]
    got = tags("Fields sprayed", "", body)
    assert "Uruguay" in got and "Cerro" not in got


def test_a_hyphenated_word_only_ever_opening_a_sentence_is_not_a_tag():
    body = ["Non-personal data is collected by the app.", "Non-personal data may be shared.",
            "The school in Saint-Denis opened, and Saint-Denis cheered."]
    got = tags("An app and a school", "", body)
    assert "Non-personal" not in got and "Saint-Denis" in got


def test_a_full_name_opening_a_paragraph_keeps_its_given_name():
    body = ["The awards were handed out on Sunday in Los Angeles.", "Brad Pitt picked up another trophy.",
            "“It was a difficult part,” quipped Pitt of his role."]
    got = tags("Awards night", "", body)
    assert "Brad Pitt" in got and "Pitt" not in got


def test_a_spanish_word_always_after_an_article_is_a_noun():
    body = ["Según el Gobierno, Rusia no cumplió.", "El acuerdo con Rusia fue firmado en Moscú.",
            "Fuentes del Gobierno dijeron que Moscú no respondió."]
    got = tags("Acuerdo", "", body, language="es")
    assert "Gobierno" not in got and "Rusia" in got and "Moscú" in got
    assert "Gobierno" in tags("Acuerdo", "", body, language="pt")    # Spanish only


def test_closing_block_of_teasers_is_not_the_article():
    body = ["Bernd Lucke spoke at the university in Hamburg on Saturday.",
            "Students in Hamburg protested, and Bernd Lucke left the hall.",
            "The university said it would talk to Bernd Lucke again.",
            "Bückeburg (dpa) – A driver crashed into a fence in Bückeburg on Friday...Read more",
            "Hildesheim (dpa) – A car left the road near Hildesheim and hit a tree in Hildesheim...Read more",
            "Bremen (dpa) – Werder Bremen play Hertha in Bremen without their defender...Read more"]
    got = tags("Lucke speaks again", "", body)
    assert {"Bernd Lucke", "Hamburg"} <= set(got)
    assert not {"Bückeburg", "Hildesheim", "Werder Bremen", "Bremen"} & set(got)
    # the same paragraphs ending as prose are the article's own
    prose = body[:3] + [p.replace("...Read more", ".") for p in body[3:]]
    assert "Hildesheim" in tags("Lucke speaks again", "", prose)


def test_german_name_once_in_the_text_and_in_the_headline_counts_twice():
    body = ["Pierre Gasly fuhr im Qualifying stark, und Pierre Gasly hielt mit den Spitzenteams mit.",
            "Unter dem Strich sind die Resultate seit der Rückkehr zu AlphaTauri hervorragend."]
    got = tags("Fahrercheck: Das kann AlphaTauri", "", body, language="de")
    assert "AlphaTauri" in got
    assert "AlphaTauri" not in tags("Fahrercheck: Das kann das Team", "", body, language="de")
    # the headline's word must be the name as written: "nun" is not "Nun"
    body = ["Microsoft hat Windows 7 lange verschont. Das Update kam im Herbst.",
            "Microsoft sagt dazu wenig, nur Windows 10 sei betroffen – Nun hat es der Konzern getan."]
    assert "Nun" not in tags("Per Update spioniert Microsoft nun auch Windows 7 aus", "", body, language="de")


def test_affiliation_after_a_persons_name_is_not_a_topic():
    body = ["Christopher Linke (SC Potsdam; 10:58,94 min) won the walk at the Erfurt Indoor meeting.",
            "His training partner Nils Brembach (SC Potsdam; 11:27,29 min) was second in Erfurt Indoor.",
            "Christopher Linke said the Erfurt Indoor track was fast."]
    got = tags("Linke wins in Erfurt", "", body)
    assert "Christopher Linke" in got and "SC Potsdam" not in got
    # after other names the parenthesis gives an alias or spells out an acronym: kept
    body = ["The leader of Acción Humanista (Apruebo Dignidad) spoke first.",
            "Acción Humanista (Apruebo Dignidad) wants the vote to count."]
    assert "Apruebo Dignidad" in tags("A vote on the constitution", "", body)


def test_surname_of_two_people_named_in_full_is_not_a_tag():
    body = ["Zoe Anderson died in her flat. Her father Chris Anderson found her.",
            "Anderson told the court that Anderson family members had warned the landlord.",
            "Chris Anderson and Zoe Anderson had lived in the town for years; Anderson said so again."]
    got = tags("Plumber jailed", "", body)
    assert {"Zoe Anderson", "Chris Anderson"} <= set(got)
    assert "Anderson" not in got


def test_german_given_name_that_is_a_noun_too_before_a_surname():
    body = ["Das Immobilienimperium von Rene Benko ist angeschlagen, heißt es aus Wien.",
            "Die Firma von Rene Benko holt Berater. Rene Benko selbst schweigt.",
            "Pastor Albrecht Martins eröffnete die Auktion, und Pastor Albrecht Martins dankte allen."]
    got = tags("Signa in Sorge", "", body, language="de")
    assert "Rene Benko" in got and "Benko" not in got
    assert "Albrecht Martins" in got               # "Pastor" before a given name is a title
    assert not any(t.startswith("Pastor") for t in got)


def test_words_of_a_quoted_title_are_not_names():
    body = ["The OECD report “Health at a Glance” counts the litres drunk in Latvia and in Austria.",
            "According to “Health at a Glance”, Austria ranks high; Latvia ranks first.",
            "At the „Erfurt Indoor“ meeting, the runners of „Erfurt Indoor“ were fast."]
    got = tags("Austria drinks", "", body)
    assert not {"Health", "Glance", "Health at a Glance"} & set(got)
    assert {"Austria", "Latvia", "Erfurt Indoor"} <= set(got)     # a quoted name stays


def test_legal_form_of_a_firm_is_not_a_tag():
    body = ["Die Eintracht Frankfurt Fußball AG hat Axel Hellmann in den Vorstand berufen.",
            "Axel Hellmann kennt die Fußball AG seit ihrer Gründung, sagt der Aufsichtsrat der AG."]
    got = tags("Neuer Vorstand", "", body, language="de")
    assert "AG" not in got and "Axel Hellmann" in got


def test_english_common_word_written_only_capitalised_is_not_a_name():
    body = ["Application data is stored by SibenLab. Application logs stay on the phone.",
            "The Application may send reports. Application crashes are counted by SibenLab."]
    got = tags("SibenLab privacy policy", "", body)
    assert "Application" not in got and "SibenLab" in got
    # in the headline the word is the article's subject ("Gateway", NASA's lunar station)
    body = ["Gateway orbits the Moon. Gateway is built by NASA.", "NASA wants Gateway soon."]
    assert "Gateway" in tags("NASA's plans for Gateway", "", body)
    assert "Gateway" not in tags("NASA's plans", "", body)
    # a German name stays, though English has the word ("Main", the river)
    body = ["Frankfurt am Main wächst. Am Main wird gebaut.", "Der Main führt Hochwasser."]
    assert "Main" in tags("Hochwasser", "", body, language="de")


def test_english_word_list_is_shipped_and_keeps_names_out():
    from sitegen.convert.english_words import derive, english_common
    words = english_common()
    assert len(words) > 50_000 and {"interior", "team", "application"} <= words
    assert not {"oscar", "hamburg", "orion"} & words       # names in SCOWL
    assert derive(["Apple", "apple", "team", "Oscar", "oscar", "don't"]) == ["team"]


# _whole_word stands for the regexes `(?<![\w<before>])NAME(?![\w<after>])` that _in_title and
# _after_articles compiled per name: same matches, same order, never overlapping.
from hypothesis import given, settings, strategies as st  # noqa: E402

from sitegen.convert.tags import _in_title, _whole_word  # noqa: E402

_TRICKY = st.text(alphabet="aAb_ 1'’.-é\u00df\u0663\u00b2ç,\n", max_size=14)


def _by_regex(name: str, text: str, before: str, after: str) -> list[int]:
    import re
    return [m.start() for m in re.finditer(rf"(?<![\w{re.escape(before)}]){re.escape(name)}(?![\w{re.escape(after)}])", text)]


@settings(max_examples=600, deadline=None)
@given(_TRICKY, _TRICKY, st.sampled_from([("'’.-", "'’"), ("'’.-", "'’-"), ("", "")]))
def test_whole_word_finds_what_the_regex_finds(name, text, edges):
    assert list(_whole_word(name, text, *edges)) == _by_regex(name, text, *edges)
    assert list(_whole_word(name, name + " " + text + name, *edges)) == _by_regex(name, name + " " + text + name, *edges)


def test_whole_word_examples():
    assert _in_title("Nun", "Nun spricht der Papst")
    assert not _in_title("nun", "Nun spricht der Papst")
    assert not _in_title("Tsunoda", "Tsunoda's win")           # a possessive: not the name alone
    assert not _in_title("Tsunoda", "Yuki-Tsunoda wins")        # a piece of a hyphenated word
    assert _in_title("Tsunoda", "Tsunoda-led team wins")        # "-" may follow, not precede
    assert list(_whole_word("aa", "aaa aa", "", "")) == [4]      # "aaa" holds it only inside a word
    assert list(_whole_word("el", "el el", "'’.-", "'’-")) == [0, 3]


# -- Session 19: one topic under two names; names the run regex cut or glued ----------------------

def test_abbreviation_and_the_name_it_stands_for_are_one_tag():
    body = ["Pacheco met the head of the Supremo Tribunal Federal (STF), Luiz Fux, on Monday.",
            "The STF ruled on the case; the STF had asked for the meeting.",
            "Later the Supremo Tribunal Federal published a note, and the STF confirmed it."]
    got = tags("Pacheco meets court", "Pacheco and Fux met at the STF.", body, language="pt")
    assert "STF" in got and "Supremo Tribunal Federal" not in got
    # initials alone, named soon after the name ("Augmented Reality (auch AR ...")
    body = ["Augmented Reality (auch AR, erweiterte Realität) verbindet Bild und Daten.",
            "Mit Augmented Reality sehen Techniker die Daten, und Augmented Reality spart Wege."]
    got = tags("Augmented Reality im Service", "AR hilft dem Service.", body, language="de")
    assert len({"Augmented Reality", "AR"} & set(got)) == 1


def test_shared_initials_far_apart_are_two_names():
    body = ["Vor der OP sprach sie mit der Hebamme, und die OP verlief gut.", "Sie erholte sich rasch.",
            "Viel später las sie den Essay „The Pain That Is Unlike All Other Pain“ von Stephanie Murray, "
            "und Other Pain blieb ihr im Kopf, weil Other Pain so gut beschrieben war."]
    got = tags("Kaiserschnitt", "Eine OP ist keine Schande.", body, language="de")
    assert "OP" in got and "Other Pain" in got


def test_short_name_and_the_compound_it_ends_are_one_tag():
    body = ["Dortmund empfängt Mönchengladbach, und Gladbach reist als Tabellenführer an.",
            "Gladbach gewann zuletzt 5:1, Mönchengladbach ist seit Wochen ungeschlagen.",
            "Für Dortmund zählt nur ein Sieg gegen Gladbach und die Fans aus Mönchengladbach."]
    got = tags("Dortmund gegen Gladbach live", "Dortmund gegen Mönchengladbach.", body, language="de")
    assert "Mönchengladbach" in got and "Gladbach" not in got
    # a compound named once beside a word named often is another topic: "Mitteleuropa", "Europa"
    body = ["Europa pflanzt Eichen, Europa pflanzt Buchen, und Europa forscht.",
            "Europa und Europa und Europa: in Mitteleuropa wächst die Douglasie."]
    got = tags("Wälder in Europa", "Europa sucht Bäume.", body, language="de")
    assert "Europa" in got


def test_name_with_a_number_after_a_hyphen_is_one_name():
    body = ["Ibuprofen and SARS-CoV-2: a study of patients with Covid-19 in France.",
            "The SARS-CoV-2 virus and Covid-19 patients were studied; Covid was mild in most."]
    got = tags("Ibuprofen and Covid-19", "No risk from ibuprofen with SARS-CoV-2, says France.", body)
    assert "SARS-CoV-2" in got and "SARS-CoV" not in got
    assert "Covid-19" in got and "Covid" not in got         # "Covid" counts for "Covid-19"
    assert "Paris-8" in tags("Grève à Paris-8", "L'université Paris-8 est en grève.",
                             ["A Paris-8, les étudiants votent. Paris-8 reste fermée."], language="fr")


def test_product_name_written_lower_case_first_is_a_name():
    body = ["Das iPhone 14 kommt im September, und das iPhone 14 Pro bekommt ein neues Display.",
            "Apple stellt das iPhone am 7. September vor."]
    got = tags("iPhone 14: Warum sich das Warten lohnt", "Apple zeigt bald das neue iPhone.", body, language="de")
    assert "iPhone" in got
    assert not any(t in got for t in ("kWh", "pH", "mRNA"))  # units and terms, not capitalised words
    assert tags("Strom", "Der Akku speichert 5 kWh und der pH-Wert ist 7.", ["Der Akku hat 5 kWh."],
                language="de") == []


def test_abbreviation_before_a_persons_name_is_split_off():
    body = ["Das Experiment lief in der National Ignition Facility (NIF). Das NIF-Team war zufrieden.",
            "„Das ist ein Durchbruch“, zitiert T3N den leitenden Wissenschaftler den NIF John Moody.",
            "Der Forscher der NIF John Moody leitet das Team seit Jahren."]    # (never "John Moody" alone)
    got = tags("Kernfusion", "Der NIF gelingt ein Rekord.", body, language="de")
    assert "John Moody" in got and "NIF John Moody" not in got
    # "von" is no given name: "auf der A6 von Biel herkommend"
    assert not any(t.startswith("von") for t in tags("Unfall", "Auf der A6 von Biel her.", ["A6 von Biel."], language="de"))


def test_german_genitive_of_a_listed_name_is_the_name():
    body = ["Der Gesandte Allahs lehrte die Menschen.", "Die Botschaft des Gesandten Allahs bleibt."]
    got = tags("Die Geburt des Propheten", "Der Gesandte Allahs wurde geboren.", body, language="de")
    assert "Allah" in got and "Allahs" not in got
    # a given name ending in -s is no genitive ("Andreas" is not "Andrea"'s)
    assert "Andreas Meier" in tags("Interview", "Andreas Meier spricht.", ["Andreas Meier sagt, Andreas Meier lacht."],
                                   language="de")


def test_file_name_of_a_link_is_not_a_tag():
    body = ["Mehr dazu: https://example.de/Deutschland-ist-abhaengig-von-Agrarfeldern-im-Ausland.html",
            "Quelle: Deutschland-ist-abhaengig-von-Agrarfeldern-im-Ausland.html und Deutschland-ist-abhaengig.html"]
    got = tags("Deutschland ist abhängig von Agrarfeldern", "Deutschland braucht Flächen.", body, language="de")
    assert not any(t.endswith(".html") for t in got)


# _german_segments caches, by a run's words, what extract_tags did to each German run in two
# steps: split at common nouns and put the first word in the nominative, then cut a compound job
# title before a name. Held equal to those steps, with the run's sentence start and weight.
from sitegen.convert.german_nouns import german_nouns  # noqa: E402
from sitegen.convert.tags import _german_segments, _nominative, _split_at_common_nouns  # noqa: E402

_DE_WORDS = st.sampled_from(["Mann", "Thomas", "Zeit", "Eva", "Herr", "Weber", "Wolfgang", "Scherf",
                             "Forschungsdirektor", "Joachim", "Mnich", "Kenias", "Vizepräsident",
                             "William", "Ruto", "Nordmazedoniens", "Williams", "Künstliche",
                             "Intelligenz", "Die", "Der", "Sie", "EU-Vertrag", "Pastor", "Albrecht",
                             "Rene", "Benko", "Einigung", "Berlin", "Merkels", "CDU", "Prozent"])


def _two_steps(words: list[str], start: bool, weight: float) -> list[tuple[list[str], bool, float]]:
    nouns = german_nouns()
    runs = [(_nominative(seg[0], nouns), *seg[1:]) for seg in _split_at_common_nouns(words, start, weight, nouns)
            if seg[0]]
    return [(w[1:], False, wt) if len(w) >= 2 and nouns.compound_head(w[0]) else (w, st_, wt) for w, st_, wt in runs]


@settings(max_examples=400, deadline=None)
@given(st.lists(_DE_WORDS, max_size=6), st.booleans(), st.sampled_from([1.0, 2.0]))
def test_german_segments_equal_the_two_steps(words, start, weight):
    fast = [(list(seg), start and keeps, weight) for seg, keeps in _german_segments(tuple(words))]
    assert fast == _two_steps(list(words), start, weight)


# _outlets tests a line with _may_be_copyright before it searches it with _COPYRIGHT (case-blind):
# every line the search finds must pass the cheap test, whatever its case or odd code points.
from sitegen.convert.tags import _COPYRIGHT, _may_be_copyright  # noqa: E402

_COPY_PIECES = st.sampled_from(["copyright", "COPYRIGHT", "CoPyRıght", "copyr\u0130ght", "(c) 2020", "(C)2020",
                                "©", "ⓒ", "(", "c)", " ", "x", "ı", "\u212a", "ſ", "Ö", "_", "1"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(_COPY_PIECES, st.text(max_size=3)), max_size=8).map("".join))
def test_may_be_copyright_passes_every_line_the_pattern_finds(line):
    if _COPYRIGHT.search(line):
        assert _may_be_copyright(line)
    assert _may_be_copyright("© 2019 Fox News") and _may_be_copyright("Copyright 2020") and not _may_be_copyright("Kopie")


# extract_tags' merging steps, each on its own: a candidate's other forms count for it.
from collections import Counter  # noqa: E402

from sitegen.convert.tags import _merge_inflections, _merge_name_parts  # noqa: E402


def test_inflected_forms_of_one_name_count_as_the_shortest():
    scores = Counter({"oscar": 2.0, "oscars": 1.0, "sejm": 1.0, "sejmie": 3.0, "sejmowy": 1.0, "iran": 2.0})
    _merge_inflections(scores)
    # (two letters more at most: "sejmowy" is another word; "iran" is no prefix of the others)
    assert scores == Counter({"oscar": 3.0, "sejm": 4.0, "sejmowy": 1.0, "iran": 2.0})


def test_a_surname_counts_for_its_one_full_name_and_is_dropped_when_two_people_share_it():
    scores = Counter({"vladimir-putin": 2.0, "putin": 3.0, "anderson": 2.0, "pamela-anderson": 2.0,
                      "gillian-anderson": 1.0, "vladimir": 1.0})
    _merge_name_parts(scores, "en")
    assert scores == Counter({"vladimir-putin": 6.0, "pamela-anderson": 2.0, "gillian-anderson": 1.0})


def test_a_german_pages_own_country_is_the_setting_unless_the_headline_names_it():
    body = ["Die Firma Nordex baut Windparks in Deutschland und Spanien.",
            "In Deutschland wächst der Markt, sagt Nordex. Nordex stellt in Rostock ein.",
            "Auch in Deutschland fehlen Fachkräfte."]
    got = tags("Nordex baut mehr Windparks", "", body, language="de")
    assert "Nordex" in got and "Deutschland" not in got
    assert "Deutschland" in tags("Deutschland baut mehr Windparks", "", body, language="de")
    assert "Deutschland" in tags("Nordex baut mehr Windparks", "", body, language="en")   # a German page's only


def test_an_english_word_in_the_headline_of_a_page_in_another_language_is_no_name():
    body = ["Der Stream läuft heute ab 18 Uhr bei DAZN. Im Stream sind alle Spiele zu sehen.",
            "Wer den Stream verpasst, sieht die Tore bei DAZN später.", "DAZN zeigt auch den Stream der Frauen."]
    got = tags("Bundesliga heute live im Stream", "", body, language="de")
    assert "DAZN" in got and "Stream" not in got
    en = ["The Stream opens at six. Stream viewers pay nothing.", "Stream has three million users.",
          "DAZN said Stream would grow."]
    assert "Stream" in tags("Stream wins three million viewers", "", en, language="en")


def test_a_name_the_headline_writes_whole_is_not_cut_in_the_body():
    # German: "Alfa" is a common noun in the list, so the split left "Romeo"; the headline has
    # the whole name.
    body = ["Alfa Romeo wird sein neues Auto in Barcelona zeigen, sagte das Alfa Romeo F1 Team.",
            "Nach Angaben von Alfa Romeo kommt der C42 im Februar."]
    got = tags("Alfa Romeo plant späten Launch des C42", "Alfa Romeo zeigt den C42.", body, language="de")
    assert "Alfa Romeo" in got and "Romeo" not in got
    without = tags("Späte Präsentation des C42", "Alfa Romeo zeigt den C42.", body, language="de")
    assert "Alfa Romeo" not in without             # (the split as before, when the headline is silent)
    # English: "Google" opens several runs (a title word to the trimmer); the headline keeps it.
    body = ["Google Chrome keeps your data. Google Drive and Google Photos keep more.",
            "Export Google Chrome settings from the menu."]
    assert "Google Chrome" in tags("How to export Google Chrome", "Google Chrome can export.", body)


def test_capitals_alone_in_a_headline_make_no_name():
    # German capitalises nouns: a particle inside ("Heizen der Zukunft"), a word the page writes
    # in lower case ("Tote Tauben": "tote"), or common nouns throughout keep the usual split.
    from sitegen.convert.tags import _headline_names
    text = "Die tote Taube lag da. Das Heizen der Zukunft. Liebe Menschen Europas, sagte Peta."
    assert _headline_names("Tote Tauben im ISS Dome", text, "de") == {("ISS", "Dome")}
    assert _headline_names("Heizen der Zukunft", text, "de") == frozenset()
    assert _headline_names("Liebe Menschen", text, "de") == frozenset()
    assert _headline_names("The green deal: Green Deal", "a green field", "en") == frozenset()


def test_a_middle_initial_does_not_cut_a_name_in_two():
    # Sample M's "Patrick W" and "Carlineo Jr" were two wrong tags for one man.
    body = ["A man, Patrick W. Carlineo Jr., pleaded guilty on Monday in Buffalo.",
            "Carlineo admitted the call. The judge told Carlineo he faces prison.",
            "Prosecutors said Patrick W. Carlineo Jr. owned a gun."]
    got = tags("New York man pleads guilty", "", body)
    assert "Patrick W. Carlineo Jr" in got
    assert not {"Patrick W", "Carlineo Jr", "Carlineo", "Patrick"} & set(got)
    # A capital letter that ends a sentence still ends the run; a lower-case word after it is no name.
    body = ["They chose Plan B. Siemens reported it.", "Plan B was cheaper, Siemens said.",
            "Malte C. hat die Tat gestanden, und Malte C. wartet."]
    got = tags("The plan", "", body)
    assert "Plan B. Siemens" not in got and "B. Siemens" not in got and "Siemens" in got


def test_a_german_gender_form_is_one_word_not_a_cut_stem():
    # "Ökostromkund*innen" was read as the name "Ökostromkund" before a lower-case "innen" (session 35)
    body = ["Viele Ökostromkund*innen zahlen mehr, sagt Kirsten Nölke.",
            "Unter Ökostromkund*innen ist der Ärger groß. Die Ökostromkund:innen warten, Kirsten Nölke auch.",
            "Auch Autor_innen und Lehrer/innen schreiben nach Leipzig, und Leipzig antwortet."]
    got = tags("Strompreisbremse trifft Kunden", "", body, language="de")
    assert "Kirsten Nölke" in got and "Leipzig" in got
    assert not any(t.startswith(("Ökostromkund", "Autor", "Lehrer")) for t in got)


def test_inflected_forms_of_a_name_of_several_words_count_as_one():
    body = ["La Transporte de Carga anunció un paro.", "Los de Transporte de Cargas dijeron que Transporte de Cargas seguirá.",
            "Según Transporte de Carga, el paro sigue.", "Sergio Pérez habló y Sergio Pérez insistió."]
    got = tags("Paro de camioneros", "", body, language="es")
    assert "Transporte de Carga" in got and "Transporte de Cargas" not in got and "Sergio Pérez" in got
    # an adjective of nationality is no inflection of its country: named once, "South Korea" is no tag
    body = ["The South Korean thriller won.", "The South Korean director, Bong Joon-ho, thanked the cast.",
            "It is set in South Korea, said Bong Joon-ho."]
    got = tags("Parasite wins", "", body)
    assert "Bong Joon-ho" in got and "South Korea" not in got


def test_a_unit_after_numbers_is_not_a_tag_but_a_cited_law_is():
    body = ["Der Hyundai leistet 180 PS, der Elektromotor 91 PS.", "Zusammen sind es 230 PS und Hyundai spart.",
            "Der Park liefert 5 GW, bald 10 GW. Hyundai plant mehr.",
            "Nach § 5 BGB und Abs. 2 BGB haftet Hyundai, sagt das BGB."]
    got = tags("Hyundai im Test", "", body, language="de")
    assert "Hyundai" in got and "BGB" in got
    assert "PS" not in got and "GW" not in got


def test_whole_word_in_is_the_word_boundary_search_it_replaced():
    r"""convperf54: _lower_on_page's search without a regex compiled per word finds what
    re.search(r"(?<!\w)WORD(?!\w)") found: overlapping tries, underscores and digits (word
    characters), combining marks and punctuation (not), both ends of the text, any script."""
    import re
    from hypothesis import given, settings, strategies as st
    from sitegen.convert.tags import _whole_word_in

    alphabet = st.sampled_from(list("aAb_1 .-'’\n\u0301\u00e9\u0661\u2163日ßẞ") + ["ab", "ba"])
    words = st.lists(alphabet, min_size=1, max_size=4).map("".join)
    texts = st.lists(alphabet, max_size=25).map("".join)

    @settings(max_examples=3000, deadline=None)
    @given(words, texts)
    def check(word, text):
        expected = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None
        assert _whole_word_in(word, text) == expected
    check()
    assert _whole_word_in("ab", "xab ab") and not _whole_word_in("ab", "xab_ab abc 1ab")
