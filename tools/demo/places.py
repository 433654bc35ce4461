"""Hospitals that host the demo PASS, per region: département and raison sociale.

Plausible French names, not a copy of the FINESS directory. One line per département: its code, then
entries separated by "|". A bare town name stands for "Centre hospitalier de <town>"; "=Name" is a full
name; "psy=", "bucco=" and "ophtalmo=" mark sites for PASS of those types. Sites whose names share a
group ("... (AP-HP)", or the text before " – ") belong to one legal entity (one FINESS EJ).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CATALOGUE = {
    "01": """
971: =CHU de la Guadeloupe | =Centre hospitalier de la Basse-Terre | =Centre hospitalier Louis-Daniel-Beauperthuy
     | =Centre hospitalier de Marie-Galante | Capesterre-Belle-Eau
""",
    "02": """
972: =CHU de Martinique – Hôpital Pierre-Zobda-Quitman | =CHU de Martinique – Hôpital du Lamentin | Trinité
""",
    "03": """
973: =Centre hospitalier de Cayenne Andrée-Rosemon | =Centre hospitalier de l'Ouest guyanais
     | =Centre hospitalier de Kourou | Saint-Georges-de-l'Oyapock
""",
    "04": """
974: =CHU de La Réunion – site Félix-Guyon | =CHU de La Réunion – site Sud | =Centre hospitalier Ouest Réunion
     | =Groupe hospitalier Est Réunion | Saint-Louis | Le Port | Saint-André | Le Tampon | Saint-Joseph | Cilaos
     | psy=Établissement public de santé mentale de La Réunion
""",
    "11": """
75: =Hôpital Saint-Louis (AP-HP) | =Hôpital Lariboisière (AP-HP) | =Hôtel-Dieu (AP-HP)
    | =Hôpital de la Pitié-Salpêtrière (AP-HP) | =Hôpital Bichat – Claude-Bernard (AP-HP) | =Hôpital Cochin (AP-HP)
    | =Hôpital européen Georges-Pompidou (AP-HP) | =Hôpital Saint-Antoine (AP-HP) | =Hôpital Tenon (AP-HP)
    | =Hôpital Robert-Debré (AP-HP) | =Hôpital Necker – Enfants malades (AP-HP) | =Hôpital Paris Saint-Joseph
    | =Groupe hospitalier Diaconesses Croix Saint-Simon | =Institut mutualiste Montsouris
    | psy=GHU Paris psychiatrie et neurosciences | psy=Établissement public de santé Maison-Blanche
    | bucco=Hôpital Rothschild (AP-HP) | bucco=Hôpital Bretonneau (AP-HP)
    | ophtalmo=Centre hospitalier national d'ophtalmologie des Quinze-Vingts
    | ophtalmo=Hôpital Fondation Adolphe-de-Rothschild
93: =Hôpital Avicenne (AP-HP) | =Hôpital Jean-Verdier (AP-HP) | =Centre hospitalier de Saint-Denis
    | =Centre hospitalier intercommunal André-Grégoire | =Centre hospitalier intercommunal Robert-Ballanger
    | =Groupe hospitalier intercommunal Le Raincy-Montfermeil | =Hôpital René-Muret (AP-HP)
    | psy=Établissement public de santé de Ville-Évrard
94: =Hôpital Henri-Mondor (AP-HP) | =Hôpital Bicêtre (AP-HP) | =Centre hospitalier intercommunal de Créteil
    | =Centre hospitalier intercommunal de Villeneuve-Saint-Georges | =Hôpital Paul-Brousse (AP-HP)
    | =Hôpital Saint-Camille | bucco=Hôpital Charles-Foix (AP-HP) | psy=Hôpitaux de Saint-Maurice
    | psy=Groupe hospitalier Paul-Guiraud
92: =Hôpital Louis-Mourier (AP-HP) | =Hôpital Beaujon (AP-HP) | =Hôpital Ambroise-Paré (AP-HP)
    | =Hôpital Antoine-Béclère (AP-HP) | =Centre d'accueil et de soins hospitaliers de Nanterre | =Hôpital Foch
    | =Hôpital Raymond-Poincaré (AP-HP) | =Centre hospitalier Rives de Seine | psy=Établissement public de santé Erasme
91: =Centre hospitalier Sud Francilien | =Groupe hospitalier Nord-Essonne | Arpajon | Dourdan
    | =Centre hospitalier Sud Essonne | =Hôpital de Juvisy-sur-Orge
    | psy=Établissement public de santé Barthélemy-Durand
78: =Centre hospitalier de Versailles | =Centre hospitalier intercommunal de Poissy-Saint-Germain-en-Laye
    | =Centre hospitalier François-Quesnay | Rambouillet | =Centre hospitalier intercommunal de Meulan-Les Mureaux
    | psy=Centre hospitalier Théophile-Roussel
95: =Centre hospitalier Victor-Dupouy | =Centre hospitalier René-Dubos | Gonesse | =Hôpital Simone-Veil
    | =Groupe hospitalier Carnelle Portes de l'Oise | psy=Établissement public de santé Roger-Prévot
77: =Grand hôpital de l'Est francilien – site de Meaux | =Grand hôpital de l'Est francilien – site de Marne-la-Vallée
    | =Grand hôpital de l'Est francilien – site de Coulommiers | =Groupe hospitalier Sud Île-de-France
    | =Centre hospitalier du Sud Seine-et-Marne | =Centre hospitalier Léon-Binet | Nemours | Lagny-sur-Marne
""",
    "24": """
45: =CHU d'Orléans | Montargis | Gien | Pithiviers | psy=Établissement public de santé mentale Georges-Daumézon
37: =CHRU de Tours | Amboise | Chinon | Loches
41: Blois | Vendôme | Romorantin-Lanthenay
28: Chartres | Dreux | Châteaudun | Nogent-le-Rotrou
18: Bourges | Vierzon | Saint-Amand-Montrond | psy=Centre hospitalier George-Sand
36: Châteauroux | Issoudun | Le Blanc
""",
    "27": """
21: =CHU Dijon Bourgogne | Beaune | Semur-en-Auxois | Montbard | psy=Centre hospitalier La Chartreuse
25: =CHU de Besançon | Pontarlier | =Hôpital de Montbéliard (Hôpital Nord Franche-Comté)
    | psy=Centre hospitalier de Novillars
39: Lons-le-Saunier | Dole | Saint-Claude | Champagnole
58: Nevers | Decize | Clamecy | Cosne-Cours-sur-Loire
70: Vesoul | Lure | Gray
71: Chalon-sur-Saône | Mâcon | Autun | Montceau-les-Mines | Paray-le-Monial
89: Auxerre | Sens | Joigny | Avallon | Tonnerre
90: =Hôpital Nord Franche-Comté – site du Mittan
""",
    "28": """
14: =CHU de Caen Normandie | Lisieux | Bayeux | Vire | Falaise | Honfleur
    | psy=Établissement public de santé mentale de Caen
76: =CHU de Rouen Normandie | =Groupe hospitalier du Havre | Dieppe | Fécamp | Elbeuf | Lillebonne | Eu
    | psy=Centre hospitalier du Rouvray
27: Évreux | Vernon | Bernay | Pont-Audemer | Verneuil-sur-Avre | Gisors
50: =Centre hospitalier Mémorial de Saint-Lô | =Centre hospitalier public du Cotentin | Avranches-Granville | Coutances
    | Valognes | psy=Fondation Bon Sauveur de la Manche
61: =Centre hospitalier intercommunal Alençon-Mamers | Argentan | Flers | L'Aigle | Mortagne-au-Perche
""",
    "32": """
59: =CHU de Lille | =Groupe hospitalier Seclin-Carvin | =Centre hospitalier de Roubaix
    | =Centre hospitalier de Tourcoing
    | Valenciennes | Dunkerque | Maubeuge | Cambrai | Douai | Armentières | Denain | Hazebrouck | Le Cateau-Cambrésis
    | Fourmies | Wattrelos | =Groupe hospitalier de l'Institut catholique de Lille
    | psy=Établissement public de santé mentale Lille-Métropole
    | psy=Établissement public de santé mentale de l'agglomération lilloise
62: Arras | Lens | Béthune | Boulogne-sur-Mer | Calais | =Centre hospitalier de la région de Saint-Omer | Hénin-Beaumont
    | =Centre hospitalier de l'arrondissement de Montreuil | Saint-Pol-sur-Ternoise | Bapaume
    | psy=Établissement public de santé mentale Val-de-Lys-Artois
80: =CHU Amiens-Picardie | Abbeville | Péronne | Doullens | Montdidier | psy=Centre hospitalier Philippe-Pinel
60: =Groupe hospitalier public du Sud de l'Oise | =Centre hospitalier Simone-Veil de Beauvais | Compiègne-Noyon
    | Senlis | Clermont | psy=Centre hospitalier interdépartemental de Clermont
02: Saint-Quentin | Laon | Soissons | Château-Thierry | Chauny | Hirson
    | psy=Établissement public de santé mentale départemental de l'Aisne
""",
    "44": """
67: =Hôpitaux universitaires de Strasbourg – Nouvel hôpital civil
    | =Hôpitaux universitaires de Strasbourg – Hôpital de Hautepierre
    | Haguenau | Saverne | Sélestat | Wissembourg | psy=Établissement public de santé Alsace Nord
    | bucco=Hôpitaux universitaires de Strasbourg – Pôle de médecine et chirurgie bucco-dentaires
68: =Groupe hospitalier de la région de Mulhouse et Sud Alsace | Colmar | Guebwiller | Altkirch
    | psy=Centre hospitalier de Rouffach
54: =CHRU de Nancy | Lunéville | Pont-à-Mousson | =Centre hospitalier de Mont-Saint-Martin
    | bucco=CHRU de Nancy – Hôpital Brabois
    | psy=Centre psychothérapique de Nancy
57: =CHR Metz-Thionville | Sarreguemines | Forbach | Sarrebourg | Saint-Avold
    | psy=Centre hospitalier spécialisé de Jury
51: =CHU de Reims | =Centre hospitalier de Châlons-en-Champagne | Épernay | Vitry-le-François
08: Charleville-Mézières | Sedan | Rethel
10: Troyes | Romilly-sur-Seine | Bar-sur-Aube
52: Chaumont | Saint-Dizier | Langres
55: Verdun | Bar-le-Duc
88: Épinal | Saint-Dié-des-Vosges | Remiremont | Neufchâteau
""",
    "52": """
44: =CHU de Nantes | Saint-Nazaire | Châteaubriant | Ancenis | Machecoul
49: =CHU d'Angers | Cholet | Saumur | Segré | psy=Centre de santé mentale angevin
53: Laval | Château-Gontier | =Centre hospitalier du Nord-Mayenne
72: =Centre hospitalier du Mans | =Pôle santé Sarthe et Loir | Saint-Calais | Sablé-sur-Sarthe
    | psy=Établissement public de santé mentale de la Sarthe
85: =CHD Vendée | =Centre hospitalier Côte de Lumière | Fontenay-le-Comte | Challans | Luçon | Montaigu
""",
    "53": """
35: =CHU de Rennes | Saint-Malo | Vitré | Fougères | Redon | psy=Centre hospitalier Guillaume-Régnier
29: =CHU de Brest | =Centre hospitalier de Cornouaille | Morlaix | Landerneau | Quimperlé | Douarnenez
    | Carhaix-Plouguer
    | psy=Établissement public de santé mentale du Finistère Sud
22: Saint-Brieuc | Lannion | Guingamp | Dinan | Paimpol | psy=Fondation Saint-Jean-de-Dieu – Centre hospitalier de Léhon
56: =Groupe hospitalier Bretagne Sud | =Centre hospitalier Bretagne Atlantique | Pontivy | Ploërmel | Josselin
""",
    "75": """
33: =CHU de Bordeaux – Hôpital Saint-André | =CHU de Bordeaux – Hôpital Pellegrin | Libourne | Arcachon | Langon
    | Blaye | Sainte-Foy-la-Grande | Lesparre-Médoc | psy=Centre hospitalier Charles-Perrens
    | bucco=CHU de Bordeaux – Centre de soins dentaires
86: =CHU de Poitiers | Châtellerault | Loudun | Montmorillon | psy=Centre hospitalier Henri-Laborit
87: =CHU de Limoges | Saint-Junien | Saint-Yrieix-la-Perche | psy=Centre hospitalier Esquirol
64: =Centre hospitalier de Pau | =Centre hospitalier de la Côte basque | Oloron-Sainte-Marie | Orthez
40: Mont-de-Marsan | Dax | =Centre hospitalier de Mont-de-Marsan et du Pays des Sources
47: Agen | Villeneuve-sur-Lot | Marmande
24: Périgueux | Bergerac | Sarlat-la-Canéda
16: Angoulême | Cognac | =Centre hospitalier du Confolentais
17: La Rochelle | Saintes | Rochefort | Jonzac | Royan
19: Tulle | Brive-la-Gaillarde | Ussel
23: Guéret | Aubusson
79: Niort | =Centre hospitalier Nord Deux-Sèvres | Melle
""",
    "76": """
31: =CHU de Toulouse – Hôpital Purpan | =CHU de Toulouse – Hôpital La Grave | Saint-Gaudens | Muret
    | psy=Centre hospitalier Gérard-Marchant | bucco=CHU de Toulouse – Hôpital Rangueil
34: =CHU de Montpellier | Béziers | Sète | Lodève | Bédarieux | bucco=CHU de Montpellier – Hôpital Saint-Éloi
30: =CHU de Nîmes | Alès | Bagnols-sur-Cèze | Le Vigan | psy=Centre hospitalier Le Mas Careiron
66: Perpignan | Prades | psy=Centre hospitalier de Thuir
11: Carcassonne | Narbonne | Castelnaudary | Limoux
81: Albi | =Centre hospitalier intercommunal de Castres-Mazamet | Lavaur | Gaillac
82: Montauban | Castelsarrasin-Moissac
12: Rodez | Millau | Villefranche-de-Rouergue | Decazeville
46: Cahors | Figeac | Gourdon
65: Tarbes | Lourdes | Lannemezan | Bagnères-de-Bigorre
32: Auch | Condom | psy=Centre hospitalier du Gers
09: =Centre hospitalier intercommunal des vallées de l'Ariège | Saint-Girons
48: Mende | Marvejols
""",
    "84": """
69: =Hospices civils de Lyon – Hôpital Édouard-Herriot | =Hospices civils de Lyon – Centre hospitalier Lyon Sud
    | =Hospices civils de Lyon – Hôpital de la Croix-Rousse | =Hôpital Nord-Ouest Villefranche-sur-Saône
    | =Centre hospitalier Saint-Joseph Saint-Luc | Givors | Tarare | psy=Centre hospitalier Le Vinatier
    | psy=Centre hospitalier Saint-Jean-de-Dieu | psy=Centre hospitalier de Saint-Cyr-au-Mont-d'Or
38: =CHU Grenoble Alpes | Vienne | Voiron | =Centre hospitalier Pierre-Oudot | La Mure | Saint-Marcellin
    | psy=Centre hospitalier Alpes-Isère
42: =CHU de Saint-Étienne | Roanne | Firminy | =Hôpital du Forez | Saint-Chamond
63: =CHU de Clermont-Ferrand | Thiers | Issoire | Riom | psy=Centre hospitalier Sainte-Marie
01: =Centre hospitalier de Fleyriat | Ambérieu-en-Bugey | Belley | =Centre hospitalier du Haut-Bugey | Trévoux
    | psy=Centre psychothérapique de l'Ain
03: Moulins | Montluçon | Vichy
07: Privas | =Centre hospitalier d'Ardèche Nord | Aubenas
15: Aurillac | Saint-Flour | Mauriac
26: Valence | Montélimar | =Hôpitaux Drôme Nord | Die | Crest
43: =Centre hospitalier Émile-Roux | Brioude
73: =Centre hospitalier Métropole Savoie | =Centre hospitalier Albertville-Moûtiers | Saint-Jean-de-Maurienne
    | Bourg-Saint-Maurice | psy=Centre hospitalier spécialisé de la Savoie
74: =Centre hospitalier Annecy Genevois | =Centre hospitalier Alpes-Léman | =Hôpitaux du Mont-Blanc
    | =Hôpitaux du Léman | Rumilly | psy=Établissement public de santé mentale de la Haute-Savoie
""",
    "93": """
13: =Hôpital de la Timone (AP-HM) | =Hôpital Nord (AP-HM) | =Hôpital de la Conception (AP-HM)
    | =Centre hospitalier du Pays d'Aix | Aubagne | Arles | Martigues | Salon-de-Provence | La Ciotat
    | =Hôpital européen de Marseille | =Hôpital Saint-Joseph de Marseille
    | psy=Centre hospitalier Édouard-Toulouse | psy=Centre hospitalier Valvert | psy=Centre hospitalier Montperrin
06: =CHU de Nice | Cannes | Antibes | Grasse | Menton | =Fondation Lenval | psy=Centre hospitalier Sainte-Marie de Nice
83: =Centre hospitalier intercommunal Toulon-La Seyne-sur-Mer | Hyères
    | =Centre hospitalier intercommunal de Fréjus-Saint-Raphaël
    | Draguignan | Brignoles | =Pôle de santé du Golfe de Saint-Tropez | psy=Centre hospitalier Henri-Guérin
84: Avignon | Carpentras | Cavaillon | Orange | Apt | Pertuis | Valréas | psy=Centre hospitalier de Montfavet
05: =Centre hospitalier intercommunal des Alpes du Sud | Briançon | Embrun
04: Digne-les-Bains | Manosque | Sisteron | Barcelonnette
""",
    "94": """
2A: =Centre hospitalier d'Ajaccio Notre-Dame de la Miséricorde | Sartène | Porto-Vecchio | Bonifacio
2B: Bastia | Calvi | Corte | psy=Centre hospitalier de Castelluccio
""",
}

PSYCHIATRIC, DENTAL, EYE = "psychiatrique", "bucco_dentaire", "ophtalmologique"
_KIND_PREFIXES = {"psy=": PSYCHIATRIC, "bucco=": DENTAL, "ophtalmo=": EYE}


@dataclass(frozen=True)
class Site:
    departement: str
    name: str
    kind: str  # generaliste, or the type of PASS the site is meant for
    group: str  # sites of the same group share a legal entity (FINESS EJ)


def centre_hospitalier(town: str) -> str:
    """'Centre hospitalier de Laval', 'du Mans', "d'Arles", 'de La Rochelle'."""
    if town.startswith("Le "):
        return f"Centre hospitalier du {town[3:]}"
    if town.startswith("Les "):
        return f"Centre hospitalier des {town[4:]}"
    if town[0] in "AEIOUYÉÈHaeiouy":
        return f"Centre hospitalier d'{town}"
    return f"Centre hospitalier de {town}"


def _group(name: str) -> str:
    parenthesised = re.search(r"\(([^)]+)\)$", name)
    if parenthesised:
        return parenthesised.group(1)
    return name.split(" – ")[0]


def _parse_entry(departement: str, entry: str) -> Site:
    for prefix, kind in _KIND_PREFIXES.items():
        if entry.startswith(prefix):
            name = entry[len(prefix):]
            return Site(departement, name, kind, _group(name))
    name = entry[1:] if entry.startswith("=") else centre_hospitalier(entry)
    return Site(departement, name, "generaliste", _group(name))


def sites(region: str) -> list[Site]:
    """The region's sites: the first (largest) hospital of each département, then the second ones, etc.

    Taking sites in this order spreads a region's PASS over all its départements.
    """
    text = re.sub(r"\n\s+\|", " |", _CATALOGUE[region].strip())
    per_departement = []
    for line in text.splitlines():
        departement, entries = line.split(":", 1)
        per_departement.append([_parse_entry(departement.strip(), e.strip()) for e in entries.split("|") if e.strip()])
    ranked = [(rank, order, site) for order, found in enumerate(per_departement) for rank, site in enumerate(found)]
    return [site for _, _, site in sorted(ranked, key=lambda item: (item[0], item[1]))]
