"""Author probes: pages written to ask where the converter would name someone the story is not by.

    python benchmarks/convert_author_probes.py

Each probe is a three-paragraph story (French, Spanish, German or English) under a headline with
one byline, credit, embed, comment or contact shape set above it (top), inside it (mid) or under it
(bottom), converted by the shipped converter; the probe lists the authors a right reading gives.
Prints the probes whose authors differ (JUNK: a name the story is not by; miss: a name left out)
and the count of JUNK. Session 49: 98 probes, 3 JUNK, all press contacts under the body, which the
corpus's gold itself names as the author of press pages (docs/converter-log.md, Session 49).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.config import Config  # noqa: E402
from sitegen.convert import convert_text  # noqa: E402

BODY = {
 "fr": ["Le conseil municipal a adopté lundi soir le budget de la ville pour l'année prochaine, après un long débat entre la majorité et l'opposition sur les investissements prévus.",
        "Selon le maire, les dépenses d'entretien des écoles augmenteront de dix pour cent, tandis que les impôts locaux resteront stables pour la troisième année consécutive.",
        "L'opposition a dénoncé un budget sans ambition et a annoncé qu'elle déposerait plusieurs amendements lors de la prochaine séance du conseil."],
 "es": ["El ayuntamiento aprobó el lunes por la noche el presupuesto de la ciudad para el próximo año, tras un largo debate entre el gobierno municipal y la oposición.",
        "Según el alcalde, el gasto en el mantenimiento de las escuelas aumentará un diez por ciento, mientras que los impuestos locales se mantendrán estables por tercer año.",
        "La oposición denunció un presupuesto sin ambición y anunció que presentará varias enmiendas en la próxima sesión del pleno municipal."],
 "de": ["Der Stadtrat hat am Montagabend den Haushalt für das kommende Jahr beschlossen, nach einer langen Debatte zwischen der Mehrheit und der Opposition über die geplanten Investitionen.",
        "Nach Angaben des Bürgermeisters steigen die Ausgaben für den Unterhalt der Schulen um zehn Prozent, während die Gemeindesteuern zum dritten Mal in Folge stabil bleiben.",
        "Die Opposition kritisierte einen Haushalt ohne Ehrgeiz und kündigte an, in der nächsten Sitzung mehrere Änderungsanträge einzubringen."],
 "en": ["The city council approved next year's budget on Monday night after a long debate between the majority and the opposition over planned investments.",
        "According to the mayor, spending on school maintenance will rise by ten percent, while local taxes will remain stable for the third year in a row.",
        "The opposition criticised a budget without ambition and said it would table several amendments at the council's next session."],
}
HEAD = {"fr": "Le conseil municipal adopte le budget de la ville", "es": "El ayuntamiento aprueba el presupuesto de la ciudad",
        "de": "Stadtrat beschließt den Haushalt für das kommende Jahr", "en": "City council approves next year's budget"}


def page(lang: str, top=(), mid=(), bottom=()) -> str:
    """A site's menu, the headline, `top`, the story's first paragraph, `mid`, the rest, `bottom`, a footer."""
    lines = ["Accueil", "Politique", "Économie", "", HEAD[lang], ""] if lang == "fr" else ["Home", "News", "", HEAD[lang], ""]
    lines += list(top) + [""]
    b = BODY[lang]
    lines += [b[0], "", *mid, "", b[1], "", b[2], ""] + list(bottom) + ["", "Impressum", "Datenschutz"]
    return "\n".join(lines)


PROBES = [
 ("fr", ["Par Jean Dupont", "Publié le 12 mars 2023 à 10h15"], [], [], ["Jean Dupont"]),
 ("fr", ["Par Jean Dupont", "Publié le 12 mars 2023 à 10h15"], ["Crédit photo : Marie Martin"], [], ["Jean Dupont"]),
 ("fr", ["Publié le 12 mars 2023 à 10h15"], ["Crédit photo : Marie Martin"], [], []),
 ("fr", ["Publié le 12 mars 2023 à 10h15"], ["Photo : Marie Martin / AFP"], [], []),
 ("fr", ["Publié le 12 mars 2023 à 10h15"], ["Marie Martin / Hans Lucas"], [], []),
 ("fr", ["Par la rédaction", "Publié le 12 mars 2023"], [], [], []),
 ("fr", ["Propos recueillis par Jean Dupont", "12/03/2023"], [], [], ["Jean Dupont"]),
 ("fr", ["Rédigé par Jean Dupont", "12/03/2023"], [], [], ["Jean Dupont"]),
 ("fr", ["Publié le 12 mars 2023"], [], ["3 commentaires", "Pierre Durand dit :", "12 mars 2023 à 11 h 02", "Très bon article, merci pour ces informations.", "Répondre"], []),
 ("fr", ["Jean Dupont", "Publié le 12 mars 2023"], [], ["Crédit photo : KB / Le Blog"], ["Jean Dupont"]),
 ("fr", ["Publié le 12 mars 2023"], [], ["Jean Dupont", "Crédit photo : Marie Martin"], ["Jean Dupont"]),
 ("fr", ["Publié le 12 mars 2023"], [], ["Partager sur Facebook", "Partager sur Twitter", "Envoyer par e-mail"], []),
 ("fr", ["Publié le 12 mars 2023"], [], ["Lire aussi", "Un autre article sur la ville", "Par Paul Bernard"], []),
 ("es", ["Por Juan Pérez", "12 de marzo de 2023"], [], [], ["Juan Pérez"]),
 ("es", ["12 de marzo de 2023"], ["Foto: María García / EFE"], [], []),
 ("es", ["12 de marzo de 2023"], ["Fotografía: María García"], [], []),
 ("es", ["Redacción", "12/03/2023"], [], [], []),
 ("es", ["Por Juan Pérez | Fotos: María García", "12/03/2023"], [], [], ["Juan Pérez"]),
 ("es", ["Agencia EFE", "12/03/2023"], [], [], []),
 ("es", ["Europa Press", "12/03/2023"], [], [], []),
 ("es", ["12/03/2023"], [], ["Comentarios", "Pedro López dice:", "12 marzo, 2023 a las 11:02", "Muy buen artículo, gracias por la información.", "Responder"], []),
 ("es", ["12/03/2023"], [], ["Compartir en Facebook", "Compartir en Twitter", "Enviar por correo"], []),
 ("es", ["12/03/2023"], [], ["Te puede interesar", "Otro artículo sobre la ciudad", "Por Pablo Ruiz"], []),
 ("de", ["12.03.2023"], [], ["2 Kommentare", "Max Müller sagt:", "12. März 2023 um 11:02 Uhr", "Toller Artikel, vielen Dank für die Informationen.", "Antworten"], []),
 ("de", ["12.03.2023"], ["Bildquelle: Max Müller"], [], []),
 ("de", ["12.03.2023"], ["Titelbild: Max Müller / pixabay"], [], []),
 ("de", ["Ein Gastbeitrag von Max Müller", "12.03.2023"], [], [], ["Max Müller"]),
 ("de", ["12.03.2023"], [], ["Über den Autor", "Max Müller ist freier Journalist in Berlin."], []),
 ("de", ["12.03.2023"], [], ["Max Müller", "Redakteur"], ["Max Müller"]),   # an author box under the story
 ("de", ["12.03.2023"], ["Foto: Max Müller"], [], []),
 ("de", ["12.03.2023", "Lesezeit: 3 Minuten"], [], [], []),
 ("de", ["Veröffentlicht am 12.03.2023 von Max Müller"], [], [], ["Max Müller"]),
 ("de", ["12.03.2023 | Max Müller"], [], [], ["Max Müller"]),
 ("de", ["12.03.2023"], [], ["Das könnte Sie auch interessieren", "Ein anderer Artikel über die Stadt", "von Paul Schmidt"], []),
 ("en", ["March 12, 2023"], [], ["Leave a Reply", "John Smith says:", "March 12, 2023 at 11:02 am", "Great article, thanks for sharing this information.", "Reply"], []),
 ("en", ["Written by John Smith", "Photography by Jane Doe", "March 12, 2023"], [], [], ["John Smith"]),
 ("en", ["March 12, 2023"], ["Photograph: Jane Doe/The Guardian"], [], []),
 ("en", ["By John Smith", "Medically reviewed by Jane Doe, MD", "March 12, 2023"], [], [], ["John Smith"]),
 ("en", ["By John Smith", "Fact checked by Jane Doe", "March 12, 2023"], [], [], ["John Smith"]),
 ("en", ["By John Smith", "Edited by Jane Doe", "March 12, 2023"], [], [], ["John Smith"]),
 ("en", ["By John Smith", "Illustration by Jane Doe", "March 12, 2023"], [], [], ["John Smith"]),
 ("en", ["March 12, 2023"], ["Illustration by Jane Doe"], [], []),
 ("en", ["John Smith", "Contributor", "March 12, 2023"], [], [], ["John Smith"]),
 ("en", ["March 12, 2023"], [], ["About the author", "John Smith is a freelance writer based in Chicago."], []),
 ("en", ["March 12, 2023"], [], ["Recommended", "Another story about the city", "By Paul Brown"], []),
 ("en", ["March 12, 2023"], [], ["Sponsored", "Doctors stunned by this trick", "By Health Daily"], []),
 ("en", ["March 12, 2023"], ["Advertisement"], ["Share on Facebook", "Tweet", "Pin It", "Email"], []),
 ("en", ["By Staff Reports", "March 12, 2023"], [], [], []),
 ("en", ["By The Associated Press", "March 12, 2023"], [], [], []),
 ("en", ["By News Desk", "March 12, 2023"], [], [], []),
 ("en", ["By Admin", "March 12, 2023"], [], [], []),
 ("en", ["Posted by admin on March 12, 2023"], [], [], []),
 ("de", ["Von Redaktion", "12.03.2023"], [], [], []),
 ("de", ["Von Gast", "12.03.2023"], [], [], []),
 ("en", ["March 12, 2023"], ["Jane Doe for The New York Times"], [], []),
 ("en", ["March 12, 2023"], ["(Photo by Jane Doe/AFP via Getty Images)"], [], []),
 ("en", ["March 12, 2023"], ["Credit: Jane Doe"], [], []),
 ("en", ["March 12, 2023"], ["Image: Jane Doe"], [], []),
 ("en", ["March 12, 2023"], ["Jane Doe | Reuters"], [], []),
 ("en", ["March 12, 2023"], ["— Jane Doe (@janedoe) March 12, 2023"], [], []),
 ("en", ["March 12, 2023"], ["Mayor Tom Baker said the budget was balanced. pic.twitter.com/abc123", "— Jane Doe (@janedoe) March 12, 2023"], [], []),
 ("en", ["March 12, 2023"], ["A post shared by Jane Doe (@janedoe)"], [], []),
 ("fr", ["Publié le 12 mars 2023"], ["— Marie Martin (@mariemartin) March 12, 2023"], [], []),
 ("de", ["12.03.2023"], ["— Max Müller (@maxm) March 12, 2023"], [], []),
 ("de", ["12.03.2023"], ["Ein Beitrag geteilt von Max Müller (@maxm)"], [], []),
 ("en", ["By John Smith", "March 12, 2023"], ["— Jane Doe (@janedoe) March 12, 2023"], [], ["John Smith"]),
 ("en", ["March 12, 2023"], ["JANE DOE/REUTERS"], [], []),
 ("en", ["March 12, 2023"], ["Jane Doe/Shutterstock"], [], []),
 ("en", ["March 12, 2023", "Jane Doe"], [], [], ["Jane Doe"]),
 ("en", ["BY JOHN SMITH", "March 12, 2023"], [], [], ["John Smith"]),
 ("en", ["March 12, 2023"], [], ["John Smith", "@johnsmith", "Follow"], ["John Smith"]),
 ("en", ["March 12, 2023"], [], ["Tags: budget, city council, taxes"], []),
 ("en", ["March 12, 2023"], [], ["Contact: Jane Doe, press officer, jane@example.org"], []),
 ("en", ["March 12, 2023"], [], ["Media contact", "Jane Doe", "jane@example.org", "+1 555 0100"], []),
 ("de", ["12.03.2023"], [], ["Pressekontakt:", "Max Müller", "Tel. 030 123456", "max@example.org"], []),
 ("de", ["12.03.2023"], [], ["Ansprechpartner", "Max Müller", "Telefon: 030 123456"], []),
 ("de", ["12.03.2023"], [], ["Kontakt für Rückfragen: Max Müller, Pressestelle"], []),
 ("es", ["12/03/2023"], [], ["Contacto de prensa:", "María García", "maria@example.org"], []),
 ("de", ["12.03.2023"], [], ["V.i.S.d.P.: Max Müller"], []),
 ("de", ["12.03.2023"], [], ["Verantwortlich: Max Müller"], []),
 ("en", ["March 12, 2023"], ["Jane Doe, a resident of the city, said she was pleased."], [], []),
 ("en", ["March 12, 2023"], ["\"We are pleased,\" said Jane Doe."], [], []),
 ("de", ["12.03.2023"], ["Mit Material von dpa"], [], []),
 ("de", ["12.03.2023"], [], ["(mm/dpa)"], []),
 ("de", ["12.03.2023"], [], ["Autor: Max Müller"], ["Max Müller"]),
 ("de", ["12.03.2023"], [], ["Quelle: Max Müller, Stadtverwaltung"], []),
 ("en", ["March 12, 2023"], [], ["Source: City of Springfield"], []),
 ("en", ["March 12, 2023"], [], ["Reporting by John Smith; Editing by Jane Doe"], ["John Smith"]),
 ("en", ["Jane Doe", "March 12, 2023", "5 min read"], [], [], ["Jane Doe"]),
 ("en", ["Dr. Jane Doe", "March 12, 2023"], [], [], ["Dr. Jane Doe"]),
 ("en", ["Subscribe", "Sign in", "March 12, 2023"], [], [], []),
 ("en", ["Listen to this article", "March 12, 2023"], [], [], []),
 ("en", ["Getty Images", "March 12, 2023"], [], [], []),
 ("en", ["March 12, 2023"], ["Getty Images/iStockphoto"], [], []),
 ("en", ["March 12, 2023"], ["Courtesy of Jane Doe"], [], []),
 ("en", ["March 12, 2023"], ["Photo courtesy Jane Doe"], [], []),
 ("de", ["12.03.2023"], ["Foto: privat"], [], []),
 ("de", ["12.03.2023"], ["© Max Müller/Stadt Springfeld"], [], []),
]


def main() -> int:
    config, junk = Config(), 0
    for lang, top, mid, bottom, want in PROBES:
        got = convert_text(page(lang, top, mid, bottom), source="probe.txt", config=config).authors
        extra = [a for a in got if a not in want]
        if extra or set(want) - set(got):
            print("JUNK" if extra else "miss", lang, top, mid, bottom, "->", list(got))
        junk += bool(extra)
    print(f"junk: {junk} of {len(PROBES)} probes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
