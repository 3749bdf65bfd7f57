"""Curated lexicon for the urgent-flag detector.

Every rule is ``(category, tier, weight, pattern)``:

* ``tier`` is ``"strong"``, ``"medium"`` or ``"weak"``.
  - strong: an unambiguous signal (e.g. "want to end it all"). Never
    suppressed by negation, mitigation or benign context.
  - medium: enough on its own (weight 1.0) but can be cancelled by a negation
    in the same clause ("no signs of neglect") or outweighed by a mitigator
    ("the GP has seen him and he's on the mend").
  - weak: not enough on its own; weak cues add up with each other and with an
    aggravating circumstance ("nobody could explain", "for hours").
* ``pattern`` is a regular expression matched against normalised text
  (lower case, straight apostrophes, common missing apostrophes restored).

Benign phrases are blanked out before any rule is matched, so that idioms such
as "I nearly died laughing" or "killing time" never count.
"""

from __future__ import annotations

# Pronoun / person helpers used inside patterns.
PERSON = (
    r"(?:him|her|them|me|us|my \w+|mum|mam|mom|dad|nan|nana|gran|grandad|grandma|"
    r"the (?:residents?|patients?|service users?|tenants?|kids|children|baby|child)|"
    r"residents|patients|people|someone|somebody|everyone|another resident|a resident|"
    r"his \w+|her \w+|their \w+)"
)
SELF = r"(?:myself|meself|himself|herself|themselves|themself)"
POSS = r"(?:my|his|her|their|mum's|mums|dad's|dads|nan's|nans|the)"
MED = (
    r"(?:medication|medications|meds|medicine|medicines|tablets?|pills?|insulin|inhalers?|"
    r"injections?|antibiotics|morphine|painkillers|patch|eye ?drops?|warfarin|"
    r"epilepsy \w+|parkinsons? \w+|parkinson's \w+|anti-?psychotics?|clozapine|lithium|"
    r"depot|drugs)"
)
ACTOR = (
    r"(?:staff|staff member|carers?|care workers?|support workers?|workers?|nurses?|"
    r"he|she|they|someone|somebody|the man|a man|the woman|one of the \w+|"
    r"night staff|agency \w+|manager|paramedics?|crew)"
)
NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|couple of)"

_R = list[tuple[str, str, float, str]]

SELF_HARM: _R = [
    ("self_harm", "strong", 1.0, r"\b(?:want|wants|wanted|wanting|wish|wishes|wished) to die\b"),
    ("self_harm", "strong", 1.0, r"\b(?:rather|sooner) (?:be|been) dead\b"),
    ("self_harm", "strong", 1.0, r"\bbetter off dead\b"),
    ("self_harm", "strong", 1.0, r"\bbetter off without (?:me|him|her|them)\b"),
    ("self_harm", "strong", 1.0, r"\bwish(?:es|ed)? (?:i|he|she|they) (?:was|were|could be) dead\b"),
    ("self_harm", "strong", 1.0, r"\b(?:kill|killing|killed|kills) " + SELF + r"\b"),
    ("self_harm", "strong", 1.0, r"\b(?:end|ending|ended) it all\b"),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:end|ending|ended|take|taking|took) (?:my|his|her|their) (?:own )?li(?:fe|ves)\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:want|wants|going|planning|plan|thinking of|thought about|feel like) (?:to )?end(?:ing)? (?:it|things|everything)\b",
    ),
    ("self_harm", "strong", 1.0, r"\bsuicide (?:attempt|note|plan|bid|risk|watch)s?\b"),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:attempted|tried|try|trying|commit|committed|committing|thinking about|thought about|considering|contemplating) (?:to commit )?suicide\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:am|i'm|is|he's|she's|was|been|being|feel|feels|feeling|felt|still|very|extremely|actively|increasingly|become|became) suicidal\b",
    ),
    ("self_harm", "medium", 1.0, r"\bsuicid\w*"),
    ("self_harm", "strong", 1.0, r"\b(?:took|taken|take|taking|takes|had|have|has) (?:an )?overdose\b"),
    ("self_harm", "medium", 1.0, r"\boverdos\w*"),
    ("self_harm", "strong", 1.0, r"\b(?:been |started |keeps? |kept )(?:self[- ]?harm\w*)"),
    ("self_harm", "medium", 1.0, r"\bself[- ]?(?:harm|harms|harmed|harming|injur\w*|mutilat\w*)\b"),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:cut|cuts|cutting|burn|burns|burnt|burned|burning|harm|harms|harmed|harming|hurt|hurts|hurting|injure|injured|injuring|starve|starving|strangle|strangling|scratch\w*|hit|hitting|hits|punch\w*) "
        + SELF
        + r"\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:hang|hanged|hanging|hung|drown|drowned|drowning|poison\w*|gas|gassed|shoot|shot) " + SELF + r"\b",
    ),
    ("self_harm", "strong", 1.0, r"\btried to (?:hang|jump|drown|strangle|kill|overdose|end|take|cut|throw)\b"),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:jump|jumped|jumping|throw \w+self) (?:off|from|in front of) (?:a|the) (?:bridge|train|building|car|bus|roof|cliff|car park|balcony|motorway)\b",
    ),
    (
        "self_harm",
        "medium",
        1.0,
        r"\b(?:stood|standing|stand|went|go|going) (?:on|to|up) (?:the|a) (?:bridge|cliff|edge|railway|tracks|roof)\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:do|does|did)(?: not|n't)? (?:want|wish) to (?:live|be alive|be here|go on|carry on|wake up|exist)\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:don't|do not|doesn't|does not|didn't|did not|no longer) (?:want|wish) to (?:live|be alive|be here|go on|carry on|wake up|exist)\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:no|any|little|the) (?:point|reason) (?:in |of )?(?:living|going on|carrying on|being here|being alive|life|to live|me being here)\b",
    ),
    ("self_harm", "strong", 1.0, r"\bnothing (?:left )?to live for\b"),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:life|living) (?:is|isn't|is not|wasn't|was not|isnt|aint|ain't)(?: not)? worth (?:living|it)\b",
    ),
    ("self_harm", "strong", 1.0, r"\bnot worth living\b"),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:can't|cannot|can not|couldn't) (?:go on|carry on|keep going) (?:like this|any ?more|any longer)\b",
    ),
    ("self_harm", "strong", 1.0, r"\b(?:sleep|go to sleep) and (?:never|not) wake up\b"),
    ("self_harm", "strong", 1.0, r"\bnot (?:to )?wake up\b"),
    ("self_harm", "strong", 1.0, r"\b(?:sleep|go to sleep) (?:forever|for ever|for good)\b"),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:stockpil\w*|hoard\w*|saving up|saved up|storing) (?:up )?(?:all )?(?:" + POSS + r" )?" + MED,
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:take|taking|took|swallow\w*) (?:all|the lot of|a load of|a whole \w+ of) (?:" + POSS + r" )?" + MED,
    ),
    ("self_harm", "strong", 1.0, r"\bligatures?\b"),
    ("self_harm", "strong", 1.0, r"\b(?:goodbye|suicide) (?:letters?|notes?)\b"),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:written|wrote|writing|left) (?:a |my )?(?:letters?|notes?) (?:to|for) (?:my|his|her|the) (?:kids|children|family|son|daughter|wife|husband|partner)\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:can't|cannot|could not|couldn't|unable to|not able to|can not) (?:keep|be kept) " + SELF + r" safe\b",
    ),
    ("self_harm", "strong", 1.0, r"\b(?:a|have a|had a|made a) plan and the means\b"),
    ("self_harm", "strong", 1.0, r"\bgive up on life\b|\bgiving up on life\b|\bgave up on life\b"),
    (
        "self_harm",
        "strong",
        1.0,
        r"\bwish (?:i|he|she) (?:could|would) (?:just )?(?:die|disappear|not wake up|go to sleep)\b",
    ),
    # Passive wishes not to be alive: "I wish I'd never woken up", "she wishes she'd never been born".
    (
        "self_harm",
        "strong",
        1.0,
        r"\bwish(?:es|ed)? (?:i|he|she|they)(?:'d| had)? never (?:(?:woken|woke|wake)(?! up (?:so |that |this )?early)|been born)\b"
        r"|\bwish(?:es|ed)? (?:i|he|she|they) (?:hadn't|had not|didn't|did not) (?:woken|woke|wake) up\b(?! (?:so |that |this )?early)",
    ),
    (
        "self_harm",
        "medium",
        1.0,
        r"\bthoughts? (?:of|about) (?:ending|killing|dying|death|taking my|suicide|self[- ]?harm)\w*",
    ),
    ("self_harm", "strong", 1.0, r"\b(?:i'm|i am|im) (?:going to|gonna) (?:kill|end|hurt|harm)\b"),
    (
        "self_harm",
        "weak",
        0.5,
        r"\b(?:worthless|hopeless|no hope|a burden|given up|had enough|at the end of (?:my|his|her) tether|rock bottom|breaking point|dark place|dark thoughts|intrusive thoughts|crisis point)(?! (?:complaining|moaning|asking|ringing|trying to get|chasing|hope of \w+ing))\b",
    ),
]

DANGER: _R = [
    (
        "danger_to_others",
        "strong",
        1.0,
        r"\bthreat\w* (?:to )?(?:kill|stab|hurt|harm|attack|beat|hit|shoot|burn|strangle|rape|batter|smash|punch|knife)\w*",
    ),
    (
        "danger_to_others",
        "strong",
        1.0,
        r"\b(?:going to|gonna|will|wants to|want to|wanting to|'ll|said he'd|said she'd|he'd|she'd) (?:kill|stab|hurt|harm|attack|shoot|strangle|batter|beat up|smash \w+ face)\w* (?:him|her|them|you|me|us|my|his|her|their|the|someone|somebody|people|everyone|staff)\b",
    ),
    (
        "danger_to_others",
        "strong",
        1.0,
        r"\b(?:stab|stabbed|stabbing|strangl\w*|throttl\w*|chok(?:ed|ing) (?:me|her|him|them))\b",
    ),
    ("danger_to_others", "strong", 1.0, r"\b(?:knife|knives|machete|weapon|weapons|gun)\b"),
    (
        "danger_to_others",
        "strong",
        1.0,
        r"\b(?:attacked|attacking|assaulted|assaulting) "
        + PERSON
        + r"\b|\b(?:was|were|been|being|got|get|gets) (?:\S+ )?(?:attacked|assaulted)\b|\b"
        + ACTOR
        + r" (?:\S+ )?(?:attacked|assaulted)\b",
    ),
    ("danger_to_others", "weak", 0.5, r"\b(?:attacked|attacking|assaulted|assaulting)\b"),
    ("danger_to_others", "medium", 1.0, r"\b(?:violent|violence)\b"),
    ("danger_to_others", "weak", 0.5, r"\b(?:aggressive|aggression|aggressively)\b"),
    ("danger_to_others", "strong", 1.0, r"\b(?:threw|thrown|throwing|throws) (?:a|the|his|her|hot) \w+ (?:at|over)\b"),
    (
        "danger_to_others",
        "strong",
        1.0,
        r"\bvoices? (?:telling|told|tell) (?:him|her|me|them) to (?:hurt|kill|harm|attack|stab)\b",
    ),
    ("danger_to_others", "medium", 1.0, r"\b(?:threaten\w*|threats?)\b"),
    (
        "danger_to_others",
        "strong",
        1.0,
        r"\b(?:carers?|drivers?|staff|nurses?|crew|paramedics?|workers?|manager|doctor|he|she) (?:\S+ ){0,2}?(?:was|were|is|are|seemed|looked|came in|turned up|smelt|smelled|stank) (?:\S+ )?(?:drunk|intoxicated|stoned|high on \w+|under the influence|of (?:alcohol|booze|drink|weed|cannabis))\b",
    ),
    (
        "danger_to_others",
        "medium",
        1.0,
        r"\b(?:intoxicated|under the influence|smell\w* (?:of )?(?:alcohol|booze|drink|weed|cannabis))\b",
    ),
    (
        "danger_to_others",
        "weak",
        0.5,
        r"\b(?:drunk|stoned|high on (?:drugs|something|weed|cannabis|crack|spice|coke|cocaine))\b",
    ),
    ("danger_to_others", "medium", 0.8, r"\b(?:smell|smelt|smelled) alcohol\b"),
    (
        "danger_to_others",
        "weak",
        0.5,
        r"\b(?:taking|using|on|smoking|dealing|selling) (?:drugs|weed|cannabis|cocaine|crack|heroin|spice)\b",
    ),
    ("danger_to_others", "weak", 0.4, r"\b(?:kicked off|kicks off|kicking off|lashed out|lashes out|lashing out)\b"),
    ("danger_to_others", "weak", 0.4, r"\bswerv\w*|\bdangerous driving\b|\bdriving dangerously\b"),
    (
        "danger_to_others",
        "medium",
        1.0,
        r"\b(?:a )?danger to (?:others|himself|herself|themselves|the public|people|staff|residents|patients|children|the kids)\b",
    ),
]

PHYSICAL: _R = [
    (
        "physical_abuse",
        "strong",
        1.0,
        r"\b(?:slap|slaps|slapped|slapping|punch|punches|punched|punching|kick|kicks|kicked|kicking|smack|smacks|smacked|smacking|beat|beats|beaten|beating|thump|thumped|thumping|whack\w*|headbutt\w*|shook|shaken|shaking|shakes|shove|shoved|shoving|bit|bitten|scratched|strike|struck|hits?|hitting|pinch(?:es|ed|ing)?) "
        + PERSON
        + r"\b",
    ),
    (
        "physical_abuse",
        "strong",
        1.0,
        r"\b"
        + ACTOR
        + r" (?:\w+ )?(?:slapped|punched|kicked|smacked|beat|hit|hits|thumped|shoved|pushed|pinched|struck|assaulted|hurt|hurts|grabbed|dragged|bit|scratched) \w+",
    ),
    (
        "physical_abuse",
        "strong",
        1.0,
        r"\b(?:push|pushed|pushes|pushing) (?:him|her|them|me|my \w+|mum|dad|a resident|residents) (?:back |hard |over |down |roughly )?(?:into|onto|against|over|down)\b",
    ),
    (
        "physical_abuse",
        "strong",
        1.0,
        r"\b(?:drag|dragged|dragging|drags|yank\w*|grab|grabbed|grabbing|grabs) (?:him|her|them|me|my \w+|mum|dad|residents?|patients?) (?:along|by|across|up|out|down|off|into|from|round|around|to)\b",
    ),
    (
        "physical_abuse",
        "strong",
        1.0,
        r"\b(?:rough|roughly|rougher|heavy[- ]handed|manhandl\w*)\b(?: with)?(?= (?:him|her|them|me|my|mum|dad|residents?|patients?|handl\w*|treat\w*))",
    ),
    (
        "physical_abuse",
        "medium",
        1.0,
        r"\bmanhandl\w*|\bheavy[- ]handed\b|\brough handling\b|\bhandled (?:him|her|them|me) roughly\b",
    ),
    ("physical_abuse", "strong", 1.0, r"\bphysical(?:ly)? abus\w*|\bphysical(?:ly)? assault\w*"),
    ("physical_abuse", "strong", 1.0, r"\b(?:finger|grip|hand|slap|belt|bite|rope) ?marks?\b"),
    (
        "physical_abuse",
        "strong",
        1.0,
        r"\bunexplained (?:bruis\w*|injur\w*|marks?|cuts?|wounds?|burns?|fractures?|swelling|scratches|skin tears?)\b",
    ),
    (
        "physical_abuse",
        "strong",
        1.0,
        r"\b(?:bruis\w*|injur\w*|marks?|cuts?|wounds?|burns?) (?:that |which )?(?:nobody|no one|no-one|noone|nobody at all|staff|they|the staff|the home|the carers?) (?:could|can|can't|couldn't|cannot|could not|would|wouldn't|did not|didn't|don't|do not) (?:not )?(?:explain|account for)\b",
    ),
    ("physical_abuse", "medium", 1.0, r"\bflinch\w*\b"),
    (
        "physical_abuse",
        "medium",
        1.0,
        r"\b(?:is|are|was|were|been|being|keeps|keep) (?:hurting|hurt|harming|hitting) (?:him|her|them|me|my \w+|mum|dad)\b",
    ),
    (
        "physical_abuse",
        "medium",
        1.0,
        r"(?<!\bit )(?<!\bthis )(?<!\bthat )(?<!\bwhich )(?<!\bwhat )\bhurts (?:her|him|them|me)\b(?! (?:to|when|if|a lot|so much|too|more|less))",
    ),
    ("physical_abuse", "weak", 0.6, r"\bhurts? (?:him|her|them|me|my mum|my dad)\b"),
    (
        "physical_abuse",
        "weak",
        0.6,
        r"\b(?:bruis\w*|black eyes?|black and blue|cut lip|split lip|swollen (?:face|cheek|eye|lip|jaw|arm|wrist|hand))\b",
    ),
    (
        "physical_abuse",
        "weak",
        0.4,
        r"\b(?:terrified|petrified|scared stiff|scared to death|frightened|scared|afraid)\b",
    ),
    (
        "physical_abuse",
        "weak",
        0.4,
        r"\b(?:shout\w*|scream\w*|yell\w*|swear\w*) at (?:him|her|them|me|my \w+|mum|dad|residents?|patients?|the residents|the patients)\b",
    ),
]

SEXUAL: _R = [
    (
        "sexual_abuse",
        "strong",
        1.0,
        r"\bsexual(?:ly)? (?:abus\w*|assault\w*|harass\w*|inappropriate|touch\w*|explicit|exploit\w*|advances?|messages?|comments?|photos?|pictures?|images?|contact|activity|remarks?|behaviour)\b",
    ),
    (
        "sexual_abuse",
        "strong",
        1.0,
        r"\b(?:touch\w*|kiss\w*|fondl\w*|grop\w*|stroked) (?:her|him|them|me|my \w+|residents?|patients?)? ?(?:inappropriately|sexually|intimately|in (?:a|an) (?:sexual|inappropriate) way|private(?:s| parts))\b",
    ),
    (
        "sexual_abuse",
        "strong",
        1.0,
        r"\binappropriate(?:ly)? (?:touch\w*|sexual|relationship|contact|photos?|pictures?|messages?|texts?|kissing)\b",
    ),
    (
        "sexual_abuse",
        "strong",
        1.0,
        r"\b(?:grop\w*|fondl\w*|molest\w*|rape|raped|raping|rapist|indecen\w*|paedophil\w*|pedophil\w*|flash(?:ed|ing) (?:her|him|them|me|residents)|expos(?:ed|ing) (?:him|her)self|masturbat\w*)\b",
    ),
    (
        "sexual_abuse",
        "strong",
        1.0,
        r"\b(?:being|been|was|were|is|are|getting|got) groomed\b|\bgroom(?:ing|ed|s)? (?:her|him|them|my|children|kids|young|girls|boys)\b|\bgroomed by\b",
    ),
    (
        "sexual_abuse",
        "strong",
        1.0,
        r"\b(?:made|make|makes|making|forced|forcing|force|told) (?:her|him|them|me) (?:to )?(?:take (?:her|his|their|my) clothes off|strip|undress|get undressed|get naked)\b",
    ),
    (
        "sexual_abuse",
        "strong",
        1.0,
        r"\b(?:get|gets|getting|got|climbs?|climbing|climbed|comes?|coming|came) (?:into|in) (?:her|his|their|my|mum's|dad's) bed\b",
    ),
    (
        "sexual_abuse",
        "strong",
        1.0,
        r"\b(?:touch\w*|grabb\w*|grop\w*|fondl\w*) (?:her|his|their|my|mum's|dad's|my \w+'s) (?:breasts?|bottom|bum|genitals|groin|privates|crotch)\b",
    ),
    (
        "sexual_abuse",
        "strong",
        1.0,
        r"\b(?:put|puts|putting|his|her|a) hands? (?:down|up|inside) (?:her|his|their|my) (?:top|blouse|shirt|skirt|dress|nightie|nightdress|trousers|knickers|pants|underwear|pyjamas)\b",
    ),
    ("sexual_abuse", "strong", 1.0, r"\bporn(?:o|ography|ographic)?\b"),
    ("sexual_abuse", "medium", 1.0, r"\b(?:kissed|kissing|kisses) (?:and|her|him|them|me)\b"),
    ("sexual_abuse", "weak", 0.5, r"\b(?:touched|touching|touches) (?:her|him|them|me)\b"),
    ("sexual_abuse", "medium", 1.0, r"\b(?:sexual|sexually|sex)\b"),
]

FINANCIAL: _R = [
    (
        "financial_abuse",
        "strong",
        1.0,
        r"\b(?:took|taken|takes|taking|take|stole|stolen|steal|steals|stealing|nicked|nicking|nick|pinched|pinching|helped (?:her|him)self to|helping (?:her|him)self to|swiped|pocketed) (?:\S+ ){0,4}?(?:money|cash|£\s?\d[\d,.]*|\d+ (?:pounds|quid)|purse|wallet|bank ?cards?|credit cards?|debit cards?|pin number|jewell?e?ry|(?:wedding |engagement |gold |diamond |eternity )rings?|(?:her|his) rings?|necklace|watch|valuables|savings|pension|benefits|giro|handbag|belongings|possessions)\b",
    ),
    (
        "financial_abuse",
        "strong",
        1.0,
        r"\b(?:stealing|thieving|thief|thieves|theft of|fraud|fraudulent\w*|embezzl\w*|financial(?:ly)? (?:abus\w*|exploit\w*))\b",
    ),
    ("financial_abuse", "strong", 1.0, r"\b(?:exploit|exploits|exploited|exploiting|exploitation)\b"),
    (
        "financial_abuse",
        "medium",
        1.0,
        r"\b(?:money|cash|jewell?e?ry|rings?|valuables|savings|wallet|purse|bank ?card|pension|£\s?\d[\d,.]*)(?: \S+){0,5} (?:going|gone|goes|went|go|keeps going|keep going|has gone|have gone|had gone) missing\b",
    ),
    (
        "financial_abuse",
        "medium",
        1.0,
        r"\b(?:money|cash|jewell?e?ry|valuables|savings|wallet|purse|bank ?card|pension|£\s?\d[\d,.]*)(?: \S+){0,5} (?:has |have |had )?(?:disappeared|vanished)\b",
    ),
    (
        "financial_abuse",
        "medium",
        1.0,
        r"\b(?:missing|disappeared) (?:money|cash|jewell?e?ry|rings?|valuables|savings|wallet|purse|bank ?cards?)\b",
    ),
    (
        "financial_abuse",
        "strong",
        1.0,
        r"\b(?:bank |credit |debit )?cards? (?:was |were |has been |had been |being |is being |have been )(?:used|stolen|taken|cloned)\b",
    ),
    (
        "financial_abuse",
        "strong",
        1.0,
        r"\b(?:use|used|using|uses) (?:his|her|their|my \w+'s|\w+'s|a resident's|residents') (?:bank |credit |debit )?cards?\b",
    ),
    (
        "financial_abuse",
        "strong",
        1.0,
        r"\b(?:change|changed|changing|rewrite|rewrote|alter\w*) (?:her|his|their|my \w+'s) will\b",
    ),
    (
        "financial_abuse",
        "strong",
        1.0,
        r"\b(?:borrow\w*|lend|lent|loan\w*|asking for|asked for|asks for|ask for) (?:\S+ ){0,3}?(?:money|cash|£\s?\d[\d,.]*|pounds|thousands)\b",
    ),
    (
        "financial_abuse",
        "strong",
        1.0,
        r"\b(?:control\w*|took over|takes over|taken over) (?:all )?(?:of )?(?:my|her|his|their) (?:money|finances|bank|benefits|pension|cards?)\b",
    ),
    (
        "financial_abuse",
        "medium",
        1.0,
        r"\b(?:pension|benefits|money|savings)\b(?: \S+){0,8} never (?:sees?|saw|gets?|got)\b",
    ),
    ("financial_abuse", "weak", 0.5, r"\b(?:withdr[ae]w\w*|withdrawn|cash machine|cashpoint)\b"),
    ("financial_abuse", "weak", 0.5, r"\b(?:theft|robbery|robbed|rob|robbing|stolen|stole|steal)\b"),
]

EMOTIONAL: _R = [
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:emotional(?:ly)?|psychological(?:ly)?|verbal(?:ly)?|mental(?:ly)?) (?:abus\w*|cruel\w*|bull\w*|torment\w*)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:call|calls|called|calling) (?:her|him|them|me|my \w+|mum|dad|residents?|patients?) (?:names|stupid|thick|dirty|disgusting|fat|useless|lazy|a liar|an? (?:dirty|stupid|fat|lazy|smelly|filthy|silly|useless|disgusting|nuisance|liar|baby|idiot|animal|pig|cow|bitch|old \w+|attention seeker|waste|moron|retard|freak)\b)",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:humiliat\w*|degrading|degraded (?:her|him|them|me)|belittl\w*|ridiculed|ridiculing|taunt\w*|torment\w*|intimidat\w*|cruel|cruelty)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:mock|mocks|mocked|mocking|mimick\w*) (?:him|her|them|me|residents?|patients?|my \w+|the residents|the patients)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:film|filming|filmed|photograph\w*|video\w*) (?:him|her|them|me|residents?|patients?|the residents|the patients) (?:\S+ ){0,3}?(?:on (?:their|his|her) phones?|for a laugh|naked|undressed|in the bath|on the toilet)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:frightened|scared|afraid|terrified|petrified|fearful) (?:of|to be left with|to be alone with) (?:the |a |one of the |some of the |certain )?(?:staff|carers?|care workers?|support workers?|nurses?|night staff|manager|workers?|male carer|female carer|him|her|them|the man|the woman|men|going back|going home|being left)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:scared|frightened|afraid|too scared|too frightened|terrified|worried) to (?:say anything|speak up|tell|complain|report|go home|go back|be left|speak)\b",
    ),
    ("emotional_abuse", "strong", 1.0, r"\bbeg(?:s|ged|ging)? (?:me|us) not to (?:leave|go|send)\b"),
    ("emotional_abuse", "strong", 1.0, r"\b(?:bully|bullies|bullied|bullying)\b"),
    ("emotional_abuse", "strong", 1.0, r"\bnobody (?:loves|cares about|wants) (?:him|her|them|you)\b"),
    ("emotional_abuse", "strong", 1.0, r"\b(?:as a |for )?punish(?:ment|ed|ing|es)?\b"),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:tak\w*|took|withh[oe]ld\w*|refus\w*|stop\w*) (?:his|her|their) (?:food|meals?|dinner|tea|drinks?|phone|cigarettes|money|walking frame|frame|stick|wheelchair|glasses|hearing aids?) (?:away )?(?:if|unless|when|as|because|away if)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:no|won't get|wouldn't get|not get|don't get) (?:any )?(?:food|tea|dinner|lunch|pudding|breakfast|drink|meal) (?:if|unless)\b|\bor (?:she'd|he'd|they'd|she would|he would|she will|he will) (?:get|have) no (?:food|tea|dinner|lunch|drink)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:be |get |being )?(?:sent|put|moved) (?:away|in a home|into a home|to a home|out) if\b",
    ),
    (
        "emotional_abuse",
        "medium",
        1.0,
        r"\b(?:threatened|threatening|threatens|threaten) (?:to )?(?:put|send|move|stop|take|withhold|leave|report|evict|section|lock)\b",
    ),
    (
        "emotional_abuse",
        "medium",
        1.0,
        r"\b(?:abuse|abused|abusive|abusing|abuser|abusers|mistreat\w*|ill[- ]?treat\w*|maltreat\w*)\b",
    ),
    (
        "emotional_abuse",
        "medium",
        1.0,
        r"\b(?:dirty|filthy|smelly|stupid|disgusting) old (?:woman|man|lady|cow|git|bag)\b",
    ),
    (
        "emotional_abuse",
        "weak",
        0.5,
        r"\battention[- ]seek\w*|\bstop (?:your |her |his )?(?:crying|whinging|moaning|being (?:dramatic|silly|a baby))\b",
    ),
    (
        "emotional_abuse",
        "weak",
        0.5,
        r"\b(?:ignore|ignores|ignored|ignoring) (?:her|him|them|me) when (?:she|he|they|i) (?:cries|cried|cry|calls?|called|screams?|shouts?|asks?|rings?)\b",
    ),
    (
        "emotional_abuse",
        "weak",
        0.4,
        r"\b(?:crying for hours|cries for hours|crying all (?:day|night)|sobbing|in tears every)\b",
    ),
    (
        "emotional_abuse",
        "weak",
        0.4,
        r"\b(?:make|made|making|makes) fun of\b|\blaugh(?:ed|ing)? at (?:her|him|them|me)\b",
    ),
    ("emotional_abuse", "weak", 0.3, r"\b(?:nasty|vile|horrible) to (?:her|him|them|me|residents|patients)\b"),
]

DOMESTIC: _R = [
    (
        "domestic_abuse",
        "strong",
        1.0,
        r"\b(?:domestic (?:abuse|violence)|coercive|controlling behaviour|honour based|forced marriage|fgm)\b",
    ),
    (
        "domestic_abuse",
        "strong",
        1.0,
        r"\b(?:scared|afraid|frightened|terrified) (?:to go|of going|to return|of returning) (?:home|back)\b",
    ),
    (
        "domestic_abuse",
        "strong",
        1.0,
        r"\b(?:won't|will not|doesn't|does not|wouldn't) (?:let|allow) (?:me|her|him) (?:see|speak to|talk to|contact|leave|go out|have)\b",
    ),
    ("domestic_abuse", "medium", 1.0, r"\bnowhere (?:safe )?(?:to go|to turn|to live)\b"),
    (
        "domestic_abuse",
        "weak",
        0.4,
        r"\b(?:when|after) (?:he's|she's|he has|she has|he is|she is|they've) (?:been )?(?:drinking|drunk|had a drink)\b",
    ),
]

NEGLECT: _R = [
    ("neglect", "medium", 1.0, r"\bneglect\w*"),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:left|leave|leaving|leaves|lying|laying|sitting|sat|lay|found) (?:\S+ ){0,4}?(?:in|on) (?:a |an |the |her |his |their |my )?(?:same |own )?(?:wet|soiled|dirty|soaking|soaked|sodden|wee|urine|faeces|poo|poop|mess|excrement|vomit|sick|feces|filthy|full)\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:wet|soiled|soaking|soaked|sodden|dirty|full|heavy|leaking|same|filthy|unchanged) (?:incontinence )?(?:pads?|nappy|nappies|sheets|bedding|bed|clothes|clothing|trousers|nightie|pyjamas|underwear)\b",
    ),
    (
        "neglect",
        "strong",
        1.0,
        r"\b(?:covered|caked|smeared|sitting|lying|sat|lay|left) in (?:her|his|their|my|its) own (?:faeces|urine|poo|wee|mess|excrement|filth|vomit|sick|feces|waste)\b",
    ),
    ("neglect", "medium", 1.0, r"\b(?:in|with) the same (?:pad|nappy|clothes|nightie|pyjamas)\b"),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:left|leave|leaving|leaves|lying|lay) (?:\S+ ){0,5}?(?:alone |on (?:her|his|their|my) own |unattended )?(?:for (?:hours|days|ages|the whole (?:day|night|weekend)|"
        + NUM
        + r" (?:hours?|days?))|all (?:day|night|weekend|morning|afternoon)|overnight|until (?:the )?(?:evening|night|morning|next))\b",
    ),
    ("neglect", "medium", 1.0, r"\bleft (?:alone|on (?:her|his|their) own|unattended|unsupervised)\b"),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:pressure (?:sores?|ulcers?|damage|injur\w*|wounds?)|bed ?sores?|grade (?:\d|two|three|four) (?:sores?|pressure|ulcers?))\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:sores?|ulcers?|wounds?) on (?:her|his|their|my|the) (?:bottom|bum|heels?|back|hips?|sacrum|buttocks?|legs?|feet|foot|spine|coccyx|ankles?|elbows?)\b",
    ),
    (
        "neglect",
        "strong",
        1.0,
        r"\b(?:he|she|they|him|her|them|i|we|mum|mam|dad|nan|nana|gran|grandad|grandma|grandpa|resident|residents|patient|patients|uncle|aunt|auntie|aunty|brother|sister|husband|wife|son|daughter|father|mother|partner|friend|client|tenant|man|lady|woman|people) (?:\S+ ){0,2}?(?:not|n\'t|never|wasn\'t|hasn\'t|hadn\'t|weren\'t|isn\'t|aren\'t|haven\'t) (?:been |being |had |getting |got |even )?(?:fed|turned|repositioned|changed|washed|bathed|showered|toileted|given (?:a drink|drinks|food|fluids|water|anything to (?:eat|drink)|any (?:food|water|drinks?|fluids)))\b(?! (?:up|out|away|down|round|around|off|on|over|into|back|to|my mind|their mind))",
    ),
    (
        "neglect",
        "strong",
        1.0,
        r"\b(?:nobody|no one|noone|never|didn't|did not|don't|do not|doesn't|does not|won't|wouldn't|not) (?:\S+ ){0,1}?(?:feed|fed|change|changed|turn|turned|wash|washed|reposition|repositioned|toilet|toileted) (?:him|her|them|my \w+|mum|dad|residents?|patients?)\b",
    ),
    (
        "neglect",
        "strong",
        1.0,
        r"\b(?:he|she|they|i|we|mum|mam|dad|nan|gran|grandad|uncle|aunt|auntie|resident|residents|patient|patients|husband|wife|son|daughter|brother|sister|mother|father|partner|him|her|them)\b(?: \S+){0,4}? (?:had|has|have|having|with|got|getting|left with|given) (?:no|hardly any|barely any|little or no|not had any) (?:food|water|drinks?|fluids|heating|heat|electricity|meals?|breakfast|lunch|dinner|tea)\b",
    ),
    (
        "neglect",
        "strong",
        1.0,
        r"\bno (?:food|water|drinks?|fluids) (?:or|and|nor) (?:food|water|drinks?|fluids|heating)\b",
    ),
    ("neglect", "strong", 1.0, r"\b(?:emaciated|skin and bone)\b"),
    ("neglect", "weak", 0.6, r"\b(?:starving|starved|malnourish\w*|malnutrition|dehydrat\w*)\b"),
    (
        "neglect",
        "medium",
        1.0,
        r"\blost (?:" + NUM + r"|a lot of|so much) (?:stone|kilos?|kg|weight)\b|\b(?:\d+|two|three|four) stone\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:bell|buzzer|call bell|pendant|alarm|walking frame|frame|drink|jug|water|glasses) (?:\S+ ){0,3}?out of (?:her|his|their|my|\w+'s)? ?reach\b",
    ),
    (
        "neglect",
        "strong",
        1.0,
        r"\b(?:took|taken|take|takes|taking|moved|removed|unplugged|switched off|turned off) (?:\S+ ){0,2}?(?:call bell|buzzer|bell|pendant|alarm|sensor mat)\b(?: \S+){0,3} (?:away|out of (?:her|his|their) reach|so|because)\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:nobody|no one|no-one|noone|not|never|n't|no staff|staff don't|they don't|they never) (?:\S+ ){0,1}?(?:help|helps|helped|helping|assist\w*|support\w*) (?:her|him|them|my \w+|mum|dad) (?:to )?(?:eat|drink|feed|with (?:her|his|their) (?:meals?|food|eating|drinking))\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:hasn't|has not|hadn't|had not|haven't|not|never|n't) (?:had |been given |been offered )?(?:a |any )?(?:shower|wash|bath|hair wash|change of clothes|drink|meal|food|dinner|breakfast|lunch|water) (?:in|for) (?:over |more than |nearly )?(?:"
        + NUM
        + r" |a |the whole )?(?:hours?|days?|weeks?|months?|day|weekend)\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:not|n't|never) (?:been )?(?:washed|bathed|showered|shaved|fed|changed|turned) (?:in|for) (?:"
        + NUM
        + r" )?(?:days?|weeks?|hours?|months?)\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:never|not|n't|nobody|no one) (?:\S+ ){0,1}?(?:got|get|gets|getting) (?:him|her|them|my \w+|mum|dad) (?:up|out of bed|dressed|washed)\b|\bleft (?:him|her|them|mum|dad) in bed all day\b|\bin bed all day\b",
    ),
    (
        "neglect",
        "strong",
        1.0,
        r"\b(?:didn't|did not|never|don't|do not|failed to|not|haven't|have not|hasn't|has not) (?:turn|turned|show|showed|come|came|arrive|arrived) (?:up )?(?:for|in) (?:"
        + NUM
        + r"|the whole|a whole) (?:days?|weeks?|weekend|visits?|calls?)\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:forget|forgot|forgets|forgotten|forgetting|miss|missed|misses|skipped|skip) (?:\S+ ){0,1}?(?:his|her|their|my|mum's|dad's) (?:tea|meals?|dinner|lunch|breakfast|food|drinks?|fluids|insulin|medication|meds|tablets|injection|feed|peg feed|visit|calls?)\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:tray|food|meals?|plate|dinner|drink)\b(?: \S+){0,8} (?:untouched|uneaten|not touched|out of reach)\b|\b(?:take|takes|took|taken) it away untouched\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:infection (?:was )?(?:missed|ignored|left)|gangrene|maggots|lice|scabies|infested)\b",
    ),
    ("neglect", "weak", 0.5, r"\b(?:hypos?|hypoglyc\w*|hyperglyc\w*|diabetic coma|sepsis|infected)\b"),
    (
        "neglect",
        "weak",
        0.5,
        r"\b(?:filthy|stank|stinks|stinking|smelled of urine|smells of urine|stench|soaked|soaking|sodden|unkempt|matted|dirty|disgusting state|state of (?:her|him|them|the room))\b",
    ),
    (
        "neglect",
        "weak",
        0.4,
        r"\b(?:can't|cannot|can not|unable to|not able to|couldn't) (?:feed|wash|toilet|move|turn|walk|get out of bed|get up|drink|eat)\b|\bbed ?bound\b|\bbedridden\b|\bimmobile\b",
    ),
    (
        "neglect",
        "weak",
        0.5,
        r"\b(?:missed|missing|cancelled|no[- ]show) (?:calls?|visits?|care calls?|care visits?)\b|\b(?:only|just) (?:staying|stay|stays|stayed) (?:\d+|five|ten|two) (?:mins?|minutes)\b",
    ),
    (
        "neglect",
        "weak",
        0.5,
        r"\b(?:in the dark|freezing|frozen|so cold|no heating|no hot water|wet through|hungry|thirsty|cracked lips|lips were cracked|weight loss|losing weight|lost weight)\b",
    ),
    (
        "neglect",
        "weak",
        0.4,
        r"\b(?:soiled|wet (?:her|him)self|wets (?:her|him)self|wetting (?:her|him)self|incontinen\w*)\b",
    ),
    (
        "neglect",
        "weak",
        0.4,
        r"\bnails? (?:\S+ ){0,3}?(?:long|filthy|dirty|overgrown)\b|\b(?:long|filthy|dirty|overgrown) (?:toe)?nails\b",
    ),
    (
        "neglect",
        "weak",
        0.4,
        r"\b(?:rang|rings|ringing|pressed|pressing|pressed) (?:the |her |his )?(?:call bell|buzzer)\b",
    ),
    ("neglect", "weak", 0.3, r"\b(?:commode|toilet|bathroom|loo)\b"),
    ("neglect", "weak", 0.4, r"\b(?:lost the use of|seized up|wasting away|deteriorat\w*|going downhill)\b"),
]

MEDICATION: _R = [
    (
        "medication",
        "strong",
        1.0,
        r"\b(?:medication|drug|dosing|prescribing|dispensing) (?:error|errors|mistake|mistakes|incident)\b",
    ),
    (
        "medication",
        "strong",
        1.0,
        r"\b(?:not|n't|never|hasn't|hadn't|wasn't|weren't|without|no one|nobody|noone) (?:been |being |had |having |getting |get |got |receiv\w* )?(?:given|giving|gives|give|administer\w*|offered|had|taken|received) (?:\S+ ){0,2}?"
        + MED
        + r"\b",
    ),
    (
        "medication",
        "strong",
        1.0,
        r"\b(?:no|any|without|run out of|ran out of|running out of|runs out of|out of) (?:\S+ ){0,2}?"
        + MED
        + r"\b(?: \S+){0,6} (?:for|in) (?:"
        + NUM
        + r" |the whole |a whole )?(?:days?|weeks?|weekend|nights?)\b",
    ),
    ("medication", "strong", 1.0, r"\b(?:ran|run|running|runs) out of (?:\S+ ){0,2}?" + MED + r"\b"),
    (
        "medication",
        "strong",
        1.0,
        r"\bwent (?:\S+ ){0,2}?(?:days?|weeks?|nights?|hours?|the weekend) without (?:it|them|"
        + MED
        + r"|"
        + POSS
        + r" "
        + MED
        + r")\b",
    ),
    (
        "medication",
        "strong",
        1.0,
        r"\b(?:wrong|incorrect|double|extra|twice the|someone else's|somebody else's|another (?:resident|patient)'s|other people's|another person's) (?:\S+ ){0,1}?(?:dose|doses|dosage|medication|meds|tablets?|pills?|insulin|drug|drugs|medicine|prescription|patch)\b",
    ),
    ("medication", "strong", 1.0, r"\b(?:overdosed|double dosed|double-dosed|given twice|doubled up)\b"),
    (
        "medication",
        "strong",
        1.0,
        r"\b(?:missed|missing|omitted|skipped) (?:\S+ ){0,1}?(?:doses?|medication|meds|tablets|insulin|injections?|pills)\b",
    ),
    (
        "medication",
        "strong",
        1.0,
        r"\b"
        + MED
        + r"\b(?: \S+){0,3} (?:on|all over|under|down the side of) (?:the|her|his) (?:floor|bed|carpet|chair|table)\b|\b(?:finding|found|find) (?:them|"
        + MED
        + r"|"
        + POSS
        + r" "
        + MED
        + r") (?:\S+ ){0,3}?(?:on|under) the (?:floor|carpet|bed)\b",
    ),
    (
        "medication",
        "strong",
        1.0,
        r"\b(?:sedatives?|sedating|sedated|sedation|"
        + MED
        + r") (?:\S+ ){0,3}?(?:hidden|crushed|put|slipped|mixed)? ?in (?:her|his|their) (?:tea|food|drinks?|coffee|juice|yoghurt|dinner)\b|\bcovert(?:ly)? (?:medicat\w*|given)\b",
    ),
    (
        "medication",
        "medium",
        1.0,
        r"\b(?:nobody|no one|noone|never|nobody ever) (?:\S+ ){0,1}?(?:give|gives|gave|given) (?:\S+ ){0,3}?"
        + MED
        + r"\b",
    ),
    (
        "medication",
        "medium",
        1.0,
        r"\b"
        + MED
        + r"\b(?: \S+){0,3} (?:not|never|wasn't|weren't|isn't|aren't) (?:been )?(?:given|administered|ordered|collected|delivered|signed for)\b",
    ),
    (
        "medication",
        "medium",
        1.0,
        r"\b(?:didn't|did not|don't|do not|couldn't|could not|never) (?:know|knew) how to (?:give|do|use|administer|inject)\b",
    ),
    (
        "medication",
        "weak",
        0.5,
        r"\b(?:drowsy|over[- ]?sedated|sedated|sedatives?|knocked out|zombie|zonked|doped|drugged|stopped breathing|not breathing|unresponsive|seizures?|fitting|a fit\b|collapsed|anaphyla\w*|allergic reaction)\b",
    ),
    (
        "medication",
        "weak",
        0.3,
        r"\b(?:epilep\w*|diabet\w*|insulin|parkinson\w*|warfarin|blood thinners?|morphine|opioids?)\b",
    ),
]

FALLS: _R = [
    (
        "fall_injury",
        "strong",
        1.0,
        r"\b(?:dropped|dropping|drop|dropping) (?:him|her|them|me|my \w+|mum|dad|a resident|a patient)\b(?! (?:off|at|home|outside|in town))|\b(?:was|were|got|been) dropped (?:during|from|out of|by|when|while)\b",
    ),
    (
        "fall_injury",
        "weak",
        0.6,
        r"\b(?:broken|broke|fractured?|fractures|snapped|cracked) (?:\S+ ){0,1}?(?:hip|hips|arm|arms|wrist|wrists|leg|legs|ribs?|bones?|neck|nose|jaw|collar ?bone|ankle|shoulder|femur|pelvis|skull|elbow|finger|toe|cheekbone|back|spine|vertebra\w*)\b",
    ),
    ("fall_injury", "weak", 0.6, r"\bfractur\w*"),
    (
        "fall_injury",
        "medium",
        1.0,
        r"\b(?:head injur\w*|head wound|bleed on the brain|brain bleed|concussion|knocked (?:her|him|them)self out|unconscious|lost consciousness|out cold)\b",
    ),
    (
        "fall_injury",
        "strong",
        1.0,
        r"\b(?:on|off) the floor (?:\S+ ){0,3}?for (?:hours|ages|"
        + NUM
        + r" (?:hours?|days?)|the whole night|all night|most of the night|over an hour)\b|\blay there (?:\S+ ){0,2}?for\b|\blying there for\b|\bleft (?:him|her|them|mum|dad) on the floor\b|\b(?:waited|waiting|wait) (?:\S+ ){0,6}?on the floor\b",
    ),
    (
        "fall_injury",
        "strong",
        1.0,
        r"\b(?:scald\w*|burnt|burned|burns?) (?:on|to) (?:her|his|their|my) (?:arm|leg|hand|face|back|skin|foot|feet|chest|body|bottom)\b|\b(?:scald\w*|third degree|second degree)\b",
    ),
    (
        "fall_injury",
        "medium",
        1.0,
        r"\b(?:deep|nasty|big|large|open|gaping|bleeding) (?:\S+ )?(?:wound|gash|cut|laceration|skin tear|bleed)\b|\bgash\w*",
    ),
    (
        "fall_injury",
        "medium",
        1.0,
        r"\b(?:got|get|gets|was|been) (?:\S+ ){0,2}?(?:trapped|stuck|caught) (?:\S+ ){0,2}?(?:in|under|between) (?:the |a )?(?:hoist|bed ?rails?|rails|sling|wheelchair|door|lift|bed)\b",
    ),
    ("fall_injury", "medium", 1.0, r"\b(?:choked|choking|chokes|aspirat\w*)\b(?! up)"),
    ("fall_injury", "medium", 1.0, r"\b(?:nil by mouth|nbm)\b"),
    (
        "fall_injury",
        "medium",
        1.0,
        r"\b(?:gas (?:was |had been )?left on|(?:full of|gas|carbon monoxide) fumes|smell of gas|gas leak|(?:hob|cooker|oven|fire|heater|iron) (?:was |had been )?(?:left )?on (?:all night|unattended|full)|fire hazard|nearly (?:caused|started) a fire)\b",
    ),
    (
        "fall_injury",
        "weak",
        0.4,
        r"\b(?:fall|falls|fell|fallen|falling|slipped|slip|tripped|trip|collapsed|collapse|found on the floor|on the floor|on the ground|hit (?:his|her|their) head|banged (?:his|her|their) head|knocked (?:his|her|their) head)\b",
    ),
    (
        "fall_injury",
        "weak",
        0.5,
        r"\b(?:injur\w*|wound|wounds|cut lip|cut (?:on|to) (?:his|her|their) (?:head|face|arm|leg|hand)|bleeding|swollen|swelling|lump|bump|skin tears?|grazes?|burn|burns|hurt|in pain|agony|screaming in pain|cried out in pain)\b",
    ),
    ("fall_injury", "weak", 0.3, r"\b(?:hoist|bed ?rails?|sling|transfer|low bed|crash mat|sensor mat)\b"),
    (
        "fall_injury",
        "weak",
        0.5,
        r"\b(?:nearly killed|could have (?:killed|died)|could've (?:killed|died)|almost died|nearly died|could have been (?:dead|killed)|might have died|(?:he|she|they|mum|dad) died (?:\S+ ){0,3}?(?:later|after|that night|the next day))\b",
    ),
    (
        "fall_injury",
        "medium",
        1.0,
        r"\b(?:died|dead|passed away) (?:\S+ ){0,2}?(?:hours?|minutes?|days?) later\b|\bdied (?:that night|the next day|the following day|on the way)\b",
    ),
]

RESTRAINT: _R = [
    (
        "restraint",
        "strong",
        1.0,
        r"\b(?:pinned|pinning|pin) (?:him|her|them|me|my \w+)? ?(?:down|to the (?:floor|bed|wall|ground)|face ?down|against)\b|\bface ?down (?:restraint|on the floor|on the ground)\b|\bprone restraint\b",
    ),
    ("restraint", "strong", 1.0, r"\b(?:held|hold|holding|holds) (?:him|her|them|me|my \w+) down\b"),
    (
        "restraint",
        "strong",
        1.0,
        r"\b(?:tie|ties|tied|tying|strap|straps|strapped|strapping|belted|belt) (?:him|her|them|me|my \w+|mum|dad|residents?|patients?) (?:in|into|to|down|up|onto)\b|\b(?:tied|strapped|belted) (?:in|into|to|down) (?:the |a |his |her |their )?(?:chair|bed|wheelchair|seat|bed ?rails?|radiator)\b",
    ),
    (
        "restraint",
        "strong",
        1.0,
        r"\b(?:lock|locks|locked|locking) (?:him|her|them|me|my \w+|residents?|patients?) (?:in|up|out|into)\b|\blocked (?:in|into) (?:his|her|their|my|the) (?:room|flat|bedroom|house|bathroom|toilet|cupboard)\b",
    ),
    ("restraint", "strong", 1.0, r"\b(?:the )?only key\b|\bkeep (?:him|her|them|my \w+) locked\b"),
    ("restraint", "strong", 1.0, r"\bchemical(?:ly)? restrain\w*|\bseclusion\b|\bsecluded\b"),
    ("restraint", "medium", 1.0, r"\brestrain\w*|\brestraint\w*"),
    (
        "restraint",
        "medium",
        1.0,
        r"\b(?:four|three|several|five) of them on (?:top of )?(?:him|her|them|me)\b|\bon top of (?:him|her|them|me)\b",
    ),
    ("restraint", "medium", 1.0, r"\b(?:injected|forcibly|forced|force[- ]?fed|by force)\b"),
    (
        "restraint",
        "weak",
        0.5,
        r"\bso (?:she|he|they) (?:doesn't|don't|can't|won't|couldn't|wouldn't) (?:wander|get up|get out|move|stand|leave)\b",
    ),
]

DISCRIMINATION: _R = [
    (
        "discrimination",
        "strong",
        1.0,
        r"\b(?:racis\w*|racial(?:ly)? (?:abus\w*|slurs?)|homophob\w*|transphob\w*|biphob\w*|islamophob\w*|antisemit\w*|hate crime|disablist|ableist|misogyn\w*)\b",
    ),
    (
        "discrimination",
        "weak",
        0.6,
        r"\b(?:because|cos|coz|'cause) (?:he|she|they|i|my \w+)(?: is| are| was| were| am|'s|'re|'m)? (?:a )?(?:black|asian|gay|lesbian|trans|transgender|muslim|jewish|disabled|foreign|polish|autistic|gypsy|traveller|deaf|blind|a refugee|an asylum seeker|immigrant|bisexual)\b",
    ),
    (
        "discrimination",
        "strong",
        1.0,
        r"\b(?:refus\w*|won't|wouldn't|will not|would not|don't|didn't|do not|did not|not) (?:even )?(?:bother\w* (?:to )?)?(?:help|wash|feed|feeding|washing|changing|treat|turning|toilet|let (?:her|him|them) (?:use the toilet|eat|drink|go to the toilet|use the bathroom))\w* (?:him|her|them|my \w+)?\b(?=.*\b(?:because|cos|black|gay|trans|muslim|english|language|understand|foreign|disabled)\b)",
    ),
    (
        "discrimination",
        "strong",
        1.0,
        r"\b(?:wouldn't|won't|didn't|did not|would not|will not|refused to) (?:let|allow) (?:her|him|them|me) (?:to )?(?:use the toilet|go to the toilet|use the bathroom|eat|drink|have a drink|have water|go to the loo)\b",
    ),
    (
        "discrimination",
        "medium",
        1.0,
        r"\b(?:don't|doesn't|do not|does not|didn't|never) (?:bother|bothers|bothered) (?:\w+ )?(?:feeding|washing|changing|turning|helping|giving|checking|to feed|to wash|to change|to turn|to help|to check)\b",
    ),
    (
        "discrimination",
        "weak",
        0.3,
        r"\b(?:black|asian|gay|lesbian|trans|transgender|muslim|jewish|disabled|foreign|doesn't speak english|can't speak english|does not speak english|language barrier)\b",
    ),
]

DISCHARGE: _R = [
    (
        "unsafe_discharge",
        "strong",
        1.0,
        r"\b(?:discharged|sent (?:him|her|them|me) home|sent home|let (?:him|her|them|me) go)(?: \S+){0,6} (?:still suicidal|still (?:very )?unwell|still (?:in|with) (?:\S+ )?(?:pain|bleeding|fever|infection)|in (?:his|her|their) (?:pyjamas|nightie|nightwear|gown)|at (?:\d|1[0-2])(?::\d\d)? ?am|in the middle of the night|with no (?:care|carers?|package|support|medication|meds|food|one|key|follow[- ]?up|plan|heating)|without (?:any )?(?:care|carers?|a care package|support|medication|meds|a key|follow[- ]?up|a plan|checking|telling))\b",
    ),
    (
        "unsafe_discharge",
        "strong",
        1.0,
        r"\b(?:left|dropped|dumped) (?:\S+ ){0,3}?on (?:her|his|their|my|the) (?:door ?step|doorstep|pavement|drive|front step)\b|\b(?:couldn't|could not|can't|cannot) get in(?:to)?(?: (?:the|her|his|their|my))? (?:house|flat|home|front door|property)\b|\b(?:couldn't|could not|can't|cannot) get in[.!,]",
    ),
    (
        "unsafe_discharge",
        "medium",
        1.0,
        r"\b(?:no|without(?: a| any)?) (?:care package|package of care|carers (?:arranged|in place|booked)|support (?:in place|arranged)|follow[- ]?up|one at home|one to look after|one to help|safety plan)\b",
    ),
    (
        "unsafe_discharge",
        "medium",
        1.0,
        r"\b(?:discharged|sent (?:him|her|them|me) home|sent home)(?: \S+){0,6} (?:the (?:next )?(?:day|morning) after|hours after|day after|straight after) (?:\S+ ){0,3}?(?:tried|attempt\w*|overdose\w*|jump\w*|cut\w*|self[- ]?harm\w*|fall|fell|seizure|fit)\b",
    ),
    (
        "unsafe_discharge",
        "weak",
        0.3,
        r"\b(?:discharg\w*|sent (?:him|her|them|me) home|sent home|kicked (?:him|her|them|me) out|kicked out|evicted)\b",
    ),
    (
        "unsafe_discharge",
        "weak",
        0.4,
        r"\b(?:lives|living|lived|live) (?:alone|on (?:her|his|their|my) own|by (?:her|him|them)self)\b|\bin the rain\b|\bmiddle of the night\b",
    ),
    ("unsafe_discharge", "weak", 0.3, r"\bat (?:\d|1[0-2])(?::\d\d)? ?am\b"),
    ("unsafe_discharge", "weak", 0.5, r"\b(?:sleep\w* rough|rough sleep\w*|homeless|on the streets|street homeless)\b"),
]

CHILD: _R = [
    (
        "child_at_risk",
        "strong",
        1.0,
        r"\b(?:child|children|kids?|baby|babies|toddler|son|daughter|boy|girl|infant|newborn|grandchild|grandson|granddaughter|little one|(?:[1-9]|1[0-7]) ?(?:year|yr)s? old)s?\b(?: \S+){0,6} (?:being |is being |are being |is |are |was |were |been )?(?:left (?:alone|on (?:their|his|her) own|home alone|unattended|unsupervised)|hit|hits|hurt|beaten|neglected|abused|groomed|starving|not fed|covered in (?:marks|bruises|sores)|home alone|at risk|in danger|unsafe|not safe)\b",
    ),
    (
        "child_at_risk",
        "strong",
        1.0,
        r"\b(?:hits|hit|beats|beat|hurts|hurting|smacks|abuses|abusing|neglects|neglecting) (?:the )?(?:kids|children|baby|child|toddler|them|my (?:son|daughter|kids|children|baby))\b",
    ),
    (
        "child_at_risk",
        "strong",
        1.0,
        r"\b(?:baby|child|toddler|kids|children|little (?:boy|girl))\b(?: \S+){0,8} (?:marks|bruis\w*|burns?|injur\w*|crying all|always crying|constantly crying|hungry|dirty)\b",
    ),
    (
        "child_at_risk",
        "strong",
        1.0,
        r"\b(?:meeting|meets|met|seeing|sees|messaging|texting|contacting|visiting|picking) (?:her|him|them|my \w+)? ?(?:up )?(?:secretly|in secret|behind (?:my|our|their) back|late at night|alone in)\b|\bgiving (?:her|him|them) (?:money|gifts|alcohol|drugs|cigarettes|vapes|presents)\b",
    ),
    (
        "child_at_risk",
        "medium",
        1.0,
        r"\b(?:older|grown) (?:man|men|woman|boyfriend|guy)\b(?: \S+){0,5}\b(?:groom\w*|messag\w*|meet\w*|picking|pick|gifts?|money|alcohol)\b|\bcamhs\b(?: \S+){0,8} (?:cut\w*|burn\w*|harm\w*|suicid\w*|overdos\w*)\b",
    ),
    (
        "child_at_risk",
        "weak",
        0.2,
        r"\b(?:child|children|kids|baby|babies|toddler|son|daughter|little boy|little girl|(?:[1-9]|1[0-7]) ?(?:year|yr)s? old|teenager|camhs|school)\b",
    ),
    (
        "child_at_risk",
        "weak",
        0.5,
        r"\b(?:drinking again|using again|using drugs|taking drugs|on drugs|off (?:his|her) head|drug user|drug dealer|drunk)\b",
    ),
]

SAFEGUARDING: _R = [
    (
        "safeguarding",
        "strong",
        1.0,
        r"\b(?:raised|raise|raising|reported|report|made|making|make|submitted|logged|log|file|filed|open|opened) (?:a |an |the |my |our )?safeguarding\b",
    ),
    (
        "safeguarding",
        "medium",
        1.0,
        r"\bsafeguarding (?:concerns?|alerts?|referrals?|issues?|matters?|risks?|incidents?|enquir\w*|investigations?|problems?)\b|\bsafeguard(?:ing)? (?:him|her|them)\b",
    ),
    (
        "safeguarding",
        "strong",
        1.0,
        r"\b(?:not|isn't|is not|wasn't|was not|aren't|are not|never|don't feel|do not feel|doesn't feel|didn't feel|no longer|never feel|never felt) (?:\S+ ){0,1}?safe\b",
    ),
    ("safeguarding", "medium", 1.0, r"\bunsafe\b|\bin danger\b|\bat risk\b"),
    (
        "safeguarding",
        "strong",
        1.0,
        r"\b(?:alter\w*|falsif\w*|fabricat\w*|doctor\w*|chang\w*|fill\w* in|filling in|rewrit\w*|wrote up) (?:\S+ ){0,2}?(?:records?|notes|charts?|logs?|care notes|daily notes|mar charts?|fluid charts?|turning charts?)\b(?: (?:after|afterwards|later|to cover|so it|retrospectively|that (?:were|weren't)))?",
    ),
    (
        "safeguarding",
        "strong",
        1.0,
        r"\b(?:cover(?:ing|ed|s)? (?:it |this |things |them |everything )?up|cover[- ]up|covered over|hushed up|swept under the carpet)\b",
    ),
    ("safeguarding", "strong", 1.0, r"\bwhistle ?blow\w*|\bwhistle-blow\w*"),
    (
        "safeguarding",
        "strong",
        1.0,
        r"\b(?:wander\w*|walked|got|gets|went|goes|escaped|absconded) (?:out|off|out of|away from)(?: the| her| his)? (?:front |back )?(?:door|building|home|ward|unit)?\b(?=(?: \S+){0,12} (?:police|found|road|nobody noticed|no one noticed|missing|night|miles))|\babscond\w*|\bmissing person\b|\bwent missing\b|\bfound (?:\S+ ){0,5}?by (?:the )?police\b",
    ),
    (
        "safeguarding",
        "weak",
        0.5,
        r"\bvulnerable (?:adult|person|man|woman|lady|young|child|boy|girl|teenager|people)\b|\b(?:is|he's|she's|are|very|extremely) vulnerable\b",
    ),
    (
        "safeguarding",
        "medium",
        1.0,
        r"\b(?:take|takes|taking|took|taken|steal\w*|keep taking) (?:his|her|their) (?:phone|benefits|money|things|belongings|bank ?cards?|cards|pension)\b",
    ),
    (
        "safeguarding",
        "medium",
        1.0,
        r"\b(?:give|gives|giving|gave) (?:him|her|them|my \w+) (?:alcohol|drugs|drink|booze|cigarettes|weed|spice)\b",
    ),
    (
        "safeguarding",
        "medium",
        1.0,
        r"\b(?:moved|moving|living|stay\w*) (?:in|into) (?:his|her|their) (?:flat|house|home)\b(?: \S+){0,8} (?:take|took|taking|use|used|using|drugs|money|benefits)\b|\bcuckoo\w*",
    ),
    (
        "safeguarding",
        "medium",
        1.0,
        r"\b(?:please|pls|plz) (?:\S+ ){0,2}?(?:do something|help (?:him|her|them|us|me)|inspect|investigate|look into|check on|someone (?:call|help|ring|contact))\b|\bsomeone is going to (?:get|be) (?:seriously )?(?:hurt|injured|killed)\b|\bgoing to (?:get|be) (?:seriously )?(?:hurt|killed|injured)\b",
    ),
    (
        "safeguarding",
        "weak",
        0.4,
        r"\b(?:something (?:isn't|is not|not) right|something (?:is )?(?:going on|wrong)|doesn't add up|not right at)\b",
    ),
    ("safeguarding", "weak", 0.4, r"\b(?:police|cqc|ombudsman|social services)\b"),
    (
        "safeguarding",
        "weak",
        0.4,
        r"\b(?:vulnerable|learning disabilit\w*|dementia|alzheimer\w*|mental capacity|lacks capacity)\b",
    ),
    ("safeguarding", "weak", 0.4, r"\b(?:scared|frightened|afraid|terrified|petrified|fear)\b"),
    (
        "safeguarding",
        "weak",
        0.5,
        r"\b(?:wander\w*|got out|gets out|walked out|front door (?:open|unlocked)|door (?:was )?left (?:open|unlocked))\b",
    ),
]

# Broader coverage added after a second round of fresh examples.
EXTRA: _R = [
    # self-harm / suicide
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:think|thinking|thought|thoughts) (?:\S+ ){0,2}?(?:about|of) (?:dying|death|suicide|killing (?:my|him|her)self|ending (?:it|my life|things)|not being here|taking my (?:own )?life)\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:ways|how|methods?|best way) (?:to|of) (?:die|dying|kill (?:my|him|her)self|end (?:it|my life|his life|her life)|commit suicide|overdose)\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:walk|walking|walked|swim|swimming|drive|driving|drove|step|stepping) (?:out )?(?:into|in front of) (?:the )?(?:sea|river|canal|traffic|road|a (?:bus|lorry|train|car))\b",
    ),
    (
        "self_harm",
        "medium",
        1.0,
        r"\b(?:won't|will not|wont|not going to|may not|might not) be (?:here|around|alive) (?:much longer|for much longer|for long|tomorrow|next week|by (?:the|next)|to see)\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:want|wants|wanted|wanting|wish) (?:it all |everything |the pain |it )?to (?:end|stop for good|be over)\b|\b(?:tired|sick) of (?:living|being alive|life)\b",
    ),
    ("self_harm", "medium", 1.0, r"\b(?:till|until|til) (?:they|it|she|he|i) (?:bleed|bleeds|bled|bleeding)\b"),
    (
        "self_harm",
        "medium",
        1.0,
        r"\b(?:scratch\w*|pick\w*|bang\w*|hitting|hits|punching|biting|bites) (?:at )?(?:her|his|my|their) (?:own )?(?:arms?|legs?|skin|wrists?|head|face|thighs?)\b",
    ),
    ("self_harm", "weak", 0.6, r"\bhates? (?:myself|himself|herself|themselves|my life|his life|her life)\b"),
    (
        "self_harm",
        "weak",
        0.5,
        r"\b(?:i'm|i am|im) done\b|\bnothing left\b|\bwhat's the point\b|\bcan't take (?:it|this|any ?more)\b|\bcan't cope\b|\bno way out\b|\btrapped\b",
    ),
    (
        "self_harm",
        "weak",
        0.5,
        r"\b(?:gave|giving|given) away (?:all )?(?:his|her|my|their) (?:things|belongings|stuff|possessions)\b|\bsaying goodbye\b|\bsaid goodbye\b",
    ),
    # danger to others
    (
        "danger_to_others",
        "strong",
        1.0,
        r"\b(?:pulled|pull|pulls|brandish\w*|wield\w*|waved|waving|carrying|carries|carry|with) (?:a|an|his|her) (?:knife|blade|razor|weapon|axe|hammer|bat|screwdriver|machete|gun|broken bottle)\b|\b(?:blade|razor blade|machete|axe)\b",
    ),
    (
        "danger_to_others",
        "strong",
        1.0,
        r"\bburn (?:\S+ ){0,3}?down\b|\bset (?:fire|light) to\b|\bset (?:\S+ ){0,2}?(?:on fire|alight)\b|\barson\b|\bfire ?setting\b",
    ),
    (
        "danger_to_others",
        "strong",
        1.0,
        r"\b(?:punching|hitting|kicking|attacking|biting|strangling|slapping|beating) (?:my|his|her|their|the other|other) (?:mum|mam|dad|wife|husband|partner|mother|father|carers?|staff|residents?|patients?|children|kids|son|daughter|brother|sister|nan|neighbours?)\b",
    ),
    # physical abuse
    (
        "physical_abuse",
        "strong",
        1.0,
        r"\b(?:twist\w*|bend\w*|bent|wrench\w*|squeez\w*|yank\w*|pull\w*) (?:\S+ ){0,2}?(?:wrist|wrists|arm|arms|fingers?|hand|hands|hair|ear|ears|thumb)\b(?= (?:\S+ ){0,4}?(?:to make|so (?:she|he)|hard|until|till|back|behind))|\b(?:twisting|twisted|wrenched|wrenching) (?:\S+ ){0,2}?(?:wrist|wrists|arm|arms|fingers?|thumb)\b|\bpull(?:ed|ing|s)? (?:her|his|their) hair\b",
    ),
    (
        "physical_abuse",
        "weak",
        0.5,
        r"\b(?:scratch(?:es|ed)?|skin tears?|marks? on (?:her|his|their) (?:\w+ )?(?:arms?|legs?|face|neck|wrists?|back|body|chest)|red marks?)\b",
    ),
    # emotional / psychological
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:get|gets|got|gotten|been|being|is|was|are|were) called (?:names|thick|stupid|useless|lazy|fat|dirty|disgusting|a (?:\w+ ){0,1}?(?:monkey|animal|pig|cow|bitch|idiot|liar|baby|nuisance|retard|freak|waste|burden)|an? (?:idiot|animal))\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:call|calls|called|calling) (?:him|her|them|me|my \w+) (?:a |an )?(?:\w+ )?(?:monkey|ape|retard|spastic|spacker|cripple|mong|paki|gyppo|pikey|tranny|faggot|queer|chink|darkie|nonce)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:stop|stopped|stops|stopping|ban|banned|bans|banning|cancel\w*|withdraw\w*|take away|took away|taking away) (?:\S+ ){0,2}?(?:visits|visiting|visitors|phone calls|contact with (?:her|his|their) (?:family|kids|children))\b(?= (?:\S+ ){0,6}?(?:if|unless|because (?:she|he) (?:complain\w*|rang|told)))",
    ),
    (
        "emotional_abuse",
        "medium",
        1.0,
        r"\b(?:make|makes|made|making|force|forces|forced) (?:him|her|them|my \w+) (?:to )?(?:sit|stand|stay|wait|eat|sleep) (?:\S+ ){0,2}?(?:in the corridor|outside|alone|on (?:his|her|their) own|in (?:his|her|their) room|in the corner|in the dark|on the floor|in the cold|against the wall|facing the wall)\b",
    ),
    # Cruelty by words: telling someone their family has forgotten or does not want them.
    (
        "emotional_abuse",
        "medium",
        1.0,
        r"\btold (?:him|her|them|me|mum|dad|nan|gran|grandad|my \w+) (?:that )?(?:her|his|their|my) (?:family|kids|children|son|daughter|husband|wife|relatives)\b (?:\S+ ){0,2}?(?:forgotten|abandoned|dumped|(?:doesn't|don't|didn't|does not|do not|won't|will not|never) (?:care|want|love|visit|come))",
    ),
    (
        "emotional_abuse",
        "weak",
        0.5,
        r"\b(?:naughty|misbehav\w*|behave (?:him|her)self|told off like a child|treat\w* (?:him|her|them|us|me) like (?:a child|children|dirt|animals|a dog))\b",
    ),
    (
        "emotional_abuse",
        "weak",
        0.5,
        r"\b(?:distressed|terrified|petrified|traumati[sz]ed|hysterical|shaking with fear|begging|pleading)\b",
    ),
    # sexual / consent
    (
        "sexual_abuse",
        "medium",
        1.0,
        r"\b(?:insist\w*|forced|forcing|forces|made|makes|pushes|pushed) (?:\S+ ){0,2}?(?:on )?(?:doing|do|giving|give|having) (?:her|his|their) (?:personal|intimate|continence) care\b|\bagainst (?:her|his|their|my) (?:will|wishes)\b|\bwithout (?:her|his|their|my) consent\b",
    ),
    ("sexual_abuse", "weak", 0.4, r"\b(?:personal care|intimate care)\b"),
    (
        "sexual_abuse",
        "weak",
        0.4,
        r"\b(?:male carer|male staff|male support worker|male nurse|asked for a (?:woman|female|lady))\b",
    ),
    # financial
    (
        "financial_abuse",
        "strong",
        1.0,
        r"\b(?:paid|pays|paying|gave|given|lent|lends|handed|transferred|sent|owes) (?:a |the |her |his |their |one of the )?(?:carers?|care workers?|support workers?|staff|nurse|manager|cleaner|agency worker|worker)s? (?:\S+ )?(?:£|money|cash|\d+ pounds|thousands|hundreds|gifts?|presents?|a loan)",
    ),
    (
        "financial_abuse",
        "weak",
        0.5,
        r"\b(?:'?loan'?s?|iou|owes (?:her|him|them) money|spending money|personal allowance|cashpoint|cash machine|pin number)\b",
    ),
    # neglect
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:dressings?|catheters?|catheter bags?|stoma bags?|colostomy bags?|bags?|pads?|bedding|sheets|nappy|nappies|clothes|incontinence \w+|commode|bed linen) (?:\S+ ){0,3}?(?:not|never|n't|haven't|hasn't|hadn't|wasn't|weren't|isn't|aren't) (?:been )?(?:changed|emptied|done|replaced|cleaned|checked)\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:nobody|no one|noone|not|never|n't) (?:has |had |have )?(?:\S+ ){0,1}?(?:changed|emptied|checked|cleaned|dressed|redressed|done) (?:her|his|their|the|my \w+'s|mum's|dad's) (?:\w+ )?(?:dressings?|catheters?|bags?|pads?|bedding|sheets|wounds?|commode)\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:full|overflowing|dirty|unemptied|soiled) (?:\w+ )?(?:commode|catheter bag|bag|bedpan|bottle)\b|\b(?:commode|catheter bag|bag|bedpan) (?:\S+ ){0,2}?(?:overflowing|full to|left full)\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\bleft (?:\S+ ){0,9}?for (?:" + NUM + r"|the whole|a whole) (?:hours?|days?|nights?|weekend)\b",
    ),
    (
        "neglect",
        "weak",
        0.5,
        r"\b(?:weeping|oozing|infected|maggots|smell (?:is|was) (?:awful|terrible|horrendous|disgusting|vile)|horrible smell)\b",
    ),
    (
        "neglect",
        "weak",
        0.5,
        r"\bin (?:just|only) (?:a |an |her |his |their )?(?:thin |wet |dirty )?(?:nightie|nightdress|nappy|pyjamas|pjs|underwear|vest|pad|t-shirt|gown)\b|\b(?:window|door) (?:\S+ ){0,2}?(?:stuck |left )?open\b(?= (?:\S+ ){0,8}?(?:cold|freezing|night|morning))",
    ),
    (
        "neglect",
        "weak",
        0.3,
        r"\b(?:at|by|until|till) (?:\d|one|two|three|four|five) (?:in the morning|am|o'clock in the morning)\b",
    ),
    # medication
    (
        "medication",
        "strong",
        1.0,
        r"\b(?:given|gave|had|took|taken|administered) (?:\S+ ){0,3}?(?:\d+|two|three|four|five|six) times in (?:\d+|an?|one|two|three) (?:hours?|minutes?|mins)\b",
    ),
    (
        "medication",
        "strong",
        1.0,
        r"\ballergic to (?:\S+ ){1,3}?(?:and|but) (?:\S+ ){0,2}?(?:gave|give|given|administered|prescribed)\b|\b(?:gave|give|given) (?:it )?(?:to )?(?:him|her|them|me) (?:it )?anyway\b(?=.*\ballerg)|\b(?:despite|even though) (?:\S+ ){0,3}?allerg\w*",
    ),
    ("medication", "weak", 0.5, r"\b(?:both|all) (?:\S+ )?(?:together|at once|at the same time)\b|\ballerg\w*"),
    (
        "medication",
        "weak",
        0.5,
        r"\b(?:morning|evening|night|bedtime|lunchtime|night-time) (?:tablets|meds|medication|dose|doses|ones|insulin)\b(?: \S+){0,2} at (?:\d|1[0-2])(?:[:.]\d\d)? ?(?:am|pm)\b",
    ),
    (
        "restraint",
        "strong",
        1.0,
        r"\block\w* (?:\S+ ){0,3}?from the outside\b|\b(?:door|doors|room|flat|bedroom) (?:\S+ ){0,2}?locked (?:from the outside|at night|so (?:she|he|they) can't)\b",
    ),
    ("medication", "weak", 0.3, r"\b" + MED + r"\b"),
    # falls / injury
    (
        "fall_injury",
        "medium",
        1.0,
        r"\b(?:didn't|did not|not|never|n't|without|forgot to|forget to|failed to) (?:\S+ ){0,1}?(?:strap|secure|clamp|belt|lock|brake|put the brakes on)\w* (?:in |on )?(?:his|her|their|the|my \w+'s|mum's|dad's) (?:wheelchair|chair|brakes|seat ?belt|stretcher|trolley)\b",
    ),
    (
        "fall_injury",
        "weak",
        0.6,
        r"\b(?:tipped|tipping|toppled|toppling|flipped|slid|slipped) (?:over|out|off|forward|backwards?|down)\b|\bfell (?:out of|off) (?:his|her|their|the|a) (?:wheelchair|chair|bed|stretcher|trolley|hoist|commode|bath)\b",
    ),
    (
        "fall_injury",
        "weak",
        0.6,
        r"\b(?:lump|bump|egg|gash|cut) on (?:her|his|their|my) (?:head|forehead|face)\b|\bhead injur\w*",
    ),
    # discharge
    (
        "unsafe_discharge",
        "strong",
        1.0,
        r"\b(?:discharged|sent (?:him|her|them|me) home|sent home|sent (?:back )?(?:to|into) (?:a |the )?(?:home|hostel|flat))(?: \S+){0,8} (?:at midnight|after midnight|on (?:her|his|their) own|alone|in a taxi on)\b(?=.{0,60}\b(?:dementia|blind|frail|confused|can't walk|lives alone|no one|nobody|deaf|wheelchair|\d{2} ?(?:years old|year old|yrs))\b)",
    ),
    # child
    (
        "child_at_risk",
        "strong",
        1.0,
        r"\b(?:child|children|kids?|baby|babies|toddler|son|daughter|boy|girl|infant|little one|(?:[1-9]|1[0-7]) ?(?:year|yr)s? old)s?\b(?: \S+){0,8} (?:outside (?:\S+ ){0,3}?(?:in the cold|in just|alone|at night|on (?:his|her|their) own)|in (?:just|only) a nappy|in the cold|caring for (?:\S+ ){0,2}?(?:alone|on (?:his|her|their) own)|stopped (?:going to|attending) school|missing school|not (?:at|in|going to) school|nobody answers|no one answers|hungry all the time|always hungry|no food in)\b",
    ),
    (
        "child_at_risk",
        "weak",
        0.4,
        r"\b(?:exhausted|thin|skinny|underweight|unwashed|smelly|in the cold|young carer|stopped going to school)\b",
    ),
    # safeguarding
    ("safeguarding", "weak", 0.6, r"\bsafeguarding\b"),
    (
        "safeguarding",
        "weak",
        0.4,
        r"\b(?:urgent|urgently|asap|as soon as possible|please (?:ring|call|contact|phone) (?:me|us))\b",
    ),
    (
        "safeguarding",
        "weak",
        0.4,
        r"\b(?:story|stories|explanation|account) (?:\S+ ){0,2}?(?:keeps? chang\w*|changed|don't match|didn't add up|doesn't add up)\b|\bcarers'? story\b",
    ),
]

# Third round: fields that generalise (harm outcomes, retaliation, chemical
# restraint, boundary violations, disguised overdose).
ODS = r"(?:paracetamol|ibuprofen|aspirin|co-?codamol|codeine|tramadol|sertraline|citalopram|fluoxetine|mirtazapine|amitriptyline|diazepam|lorazepam|zopiclone|sleeping (?:pills|tablets)|antidepressants|painkillers|pills|tablets|insulin|methadone)"
EXTRA2: _R = [
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:took|taken|take|taking|swallowed|swallow|had|necked|downed) (?:\d+|a (?:handful|bunch|box|packet|pack|load|lot|whole \w+) of|handfuls of|boxes of|packets of|loads of|lots of|all (?:of )?(?:my|his|her|the)|a whole (?:box|packet|bottle) of) "
        + ODS
        + r"\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\bhow much longer (?:i|he|she|they) can (?:do this|go on|cope|keep going|take (?:it|this)|carry on|hold on)\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:easier|better|happier|best) (?:for (?:everyone|everybody|them|my family) )?if (?:i|he|she) (?:wasn't|weren't|was not|were not|was|were) (?:around|here|alive|gone|dead|not here|not around)\b|\bif i (?:was|were) (?:gone|dead|not here)\b",
    ),
    ("self_harm", "strong", 1.0, r"\bnoose\b"),
    ("self_harm", "weak", 0.6, r"\b(?:a |the )?(?:rope|ropes|cord|hosepipe)\b"),
    ("self_harm", "weak", 0.4, r"\bkeeps? (?:going on|talking|saying|on) about\b|\bkeeps? saying\b"),
    (
        "self_harm",
        "weak",
        0.5,
        r"\b(?:so|very|really|extremely) (?:low|down|depressed|desperate)\b|\b(?:stopped|stop|not) eating\b|\bcan't get out of bed\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:get|give|gets|got|getting|giving) (?:\w+ )?(?:a slap|a smack|a clip round the ear|a good hiding|a hiding|a kicking|a thump|a belt)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\bif (?:i|he|she|we|they|you|mum|dad) (?:kept|keep|keeps|carry on|carried on|carries on|continue|continued|don't stop|didn't stop) (?:\S+ )?(?:complaining|moaning|ringing|calling|asking|telling|reporting|making a fuss|kicking off|whinging|questioning)\b",
    ),
    (
        "emotional_abuse",
        "weak",
        0.5,
        r"\b(?:told|tell|tells|telling|said to) (?:\S+ ){0,2}?to shut up\b|\bshut up or\b|\bor (?:else|she'll|he'll|she'd|he'd|they'll|they'd|you'll) (?:get|be)\b",
    ),
    (
        "emotional_abuse",
        "weak",
        0.5,
        r"\bif (?:i|we|she|he) (?:complain\w*|report\w*|told|tell|said anything|raise\w*)\b",
    ),
    ("restraint", "medium", 1.0, r"\b(?:drugging|drugged|drug (?:him|her|them|people|residents))\b"),
    (
        "restraint",
        "weak",
        0.5,
        r"\b(?:to )?(?:keep|keeps|keeping|kept|shut|shuts|shutting|quieten|quietens|quietening|calm|calms) (?:him|her|them|people|everyone|residents|patients|the residents) (?:quiet|up|down|docile|sleepy|asleep|subdued)\b",
    ),
    (
        "restraint",
        "weak",
        0.5,
        r"\b(?:prn|as required (?:medication|meds)|lorazepam|haloperidol|promazine|zopiclone|diazepam|risperidone|quetiapine|olanzapine|sedative\w*|zombie|like a zombie|knocked out|doped up)\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\bskin (?:is |was |has |had )?(?:breaking down|broken down|breakdown|damage)\b|\bbroken skin\b|\b(?:blisters|weeping legs|leg ulcers?) (?:\S+ ){0,4}?(?:ignored|untreated|not dressed|not treated|left)\b",
    ),
    (
        "neglect",
        "weak",
        0.5,
        r"\bfrom (?:\d{1,2}|[a-z]+) ?(?:am|in the morning) (?:to|till|until|til) (?:\d{1,2}|[a-z]+) ?(?:pm|at night)\b|\b(?:ankles|legs|feet) (?:are |were )?(?:massive|huge|swollen|like balloons)\b",
    ),
    (
        "neglect",
        "strong",
        1.0,
        r"\b(?:choking|choked) (?:\S+ ){0,6}?(?:staff|carers?|they|nurses?|nobody|no one) (?:just |all )?(?:carried on|kept|ignored|watched|didn't|did not|laughed|walked)\b",
    ),
    (
        "financial_abuse",
        "medium",
        1.0,
        r"\b(?:money|cash|£\s?\d[\d,.]*|notes) (?:\S+ ){0,3}?(?:is |was |always |often |regularly |keeps )*missing\b|\bmissing from (?:her|his|their|the|my \w+'s) (?:purse|wallet|tin|room|drawer|bag|handbag|account|bank|safe)\b",
    ),
    (
        "financial_abuse",
        "strong",
        1.0,
        r"\b(?:made|make|makes|making) (?:him|her|them|my \w+|residents?|patients?) (?:to )?pay for (?:their|the staff's|staff|the carers'?|her|his) (?!own\b)\w+|\bout of (?:his|her|their) (?:own )?(?:money|pocket|benefits|allowance)\b(?=.{0,60}\b(?:staff|carers?|their|takeaway|taxi|petrol|fuel|meal)\b)",
    ),
    (
        "sexual_abuse",
        "strong",
        1.0,
        r"\b(?:going out with|dating|in a relationship with|sleeping with|having sex with|having an affair with|romantically involved with) (?:a |one of the |the |another |some of the )?(?:residents?|patients?|service users?|clients?|tenants?|young people)\b",
    ),
    (
        "sexual_abuse",
        "weak",
        0.5,
        r"\b(?:comes?|came|coming|gets?|got|goes|went) (?:in|into) (?:\S+ ){0,3}?(?:room|bedroom|bed|bathroom|shower)? ?at night\b|\bcomes in at night\b",
    ),
    (
        "safeguarding",
        "medium",
        1.0,
        # A person going missing: the words between may not end a sentence or name what is theirs
        # ("mum says her cardigans keep going missing" is about the laundry, not about mum).
        r"\b(?:he|she|they|brother|sister|son|daughter|mum|mam|mother|dad|father|husband|wife|partner|resident|patient|nan|gran|grandad|uncle|aunt|friend|client|tenant) (?:(?!(?:her|his|their|my|our|your|the|its)\b)[^\s.!?;]+ ){0,3}?(?:going|goes|gone|went|keeps going|keep going|has gone|had gone) missing\b",
    ),
    (
        "safeguarding",
        "medium",
        1.0,
        r"\b(?:found|finding|seen|spotted|picked up) (?:\S+ ){0,3}?(?:wandering|in the car park|on the (?:main )?road|in the (?:street|road|road outside)|outside (?:in the|at night|alone)|miles away|by (?:the )?police)\b",
    ),
    (
        "fall_injury",
        "weak",
        0.5,
        r"\b(?:ended up|end up|ending up|was rushed|rushed|blue lighted|blue-lighted) (?:\S+ ){0,1}?(?:in|to|into) (?:resus|a&e|a and e|hospital|intensive care|icu|itu|hdu)\b|\b(?:now|and) (?:she |he |they )?(?:has|had|have|got|developed) (?:an? )?(?:infection|ulcer|burn|sore|pneumonia|sepsis|uti)\b",
    ),
    (
        "medication",
        "weak",
        0.6,
        r"\b(?:given|gave|put|administered|applied|injected)\b(?: \S+){0,6} (?:instead of|in (?:her|his|their) (?:ear|eye|mouth) instead)\b|\bwrong (?:eye|ear|arm|leg|site|person|patient|resident|room|name|time|times)\b",
    ),
    (
        "child_at_risk",
        "weak",
        0.5,
        r"\b(?:\d+|two|three|few) (?:day|days|week|weeks|month|months)[- ]old\b|\bnewborn\b|\b(?:wasn't|not|isn't|wouldn't|won't|stopped) feeding\b|\bwent yellow\b|\bjaundic\w*",
    ),
]

EXTRA3: _R = [
    (
        "sexual_abuse",
        "strong",
        1.0,
        r"\b(?:nude|naked|topless|explicit|dirty|sexy|indecent) (?:photos?|pictures?|pics|selfies|images?|videos?)\b|\b(?:underwear|knickers|pants|bra) (?:\S+ )?(?:missing|removed|torn|ripped|inside out|on back to front)\b|\b(?:torn|ripped|bloodied) (?:underwear|knickers)\b|\bblood (?:in|on) (?:her|his) (?:underwear|knickers|pad|nappy)\b",
    ),
    (
        "sexual_abuse",
        "weak",
        0.5,
        r"\b(?:trousers|clothes|clothing|nightie|pyjamas) (?:\S+ ){0,2}?(?:on )?(?:back to front|inside out|undone|pulled down)\b",
    ),
    (
        "safeguarding",
        "strong",
        1.0,
        r"\b(?:kept|keeping|held|holding|being kept|being held) (?:a |as a |like a )?(?:prisoner|hostage|captive)\b|\b(?:won't|wouldn't|will not|doesn't|don't) let (?:me|him|her|them) (?:leave|go out|out)\b",
    ),
    (
        "danger_to_others",
        "strong",
        1.0,
        r"\bvoices? (?:\S+ ){0,3}?(?:telling|told|tell|tells|saying|command\w*) (?:me|him|her|them) to (?:do bad things|hurt|kill|harm|attack|stab|jump|die|end|set fire)\b",
    ),
    (
        "restraint",
        "strong",
        1.0,
        r"\b(?:face (?:first|down)|face-down|prone)\b(?= (?:\S+ ){0,4}?(?:against|on|into|onto|to the))",
    ),
    (
        "restraint",
        "medium",
        1.0,
        r"\b(?:kept|keeping|keep|being kept|left) in (?:bed|his room|her room|their room|his chair|her chair)\b(?= (?:\S+ ){0,8}?(?:because|as|so|for (?:weeks|days|a month|months)|all day|staff))",
    ),
    (
        "restraint",
        "strong",
        1.0,
        r"\b(?:took|take|takes|taken|taking|removed|remove|hid|hide|hides|moved) (?:\S+ )?(?:walking frame|frame|zimmer|stick|wheelchair|walker|rollator|call bell|buzzer|glasses|hearing aids?)\b(?: \S+){0,2} (?:away )?so (?:she|he|they) (?:wouldn't|couldn't|can't|won't|doesn't|don't|didn't)\b",
    ),
    (
        "medication",
        "strong",
        1.0,
        r"\b(?:forgot|forget|forgets|forgotten|failed|neglected|omitted|refused|refuses) to (?:give|administer|order|collect|get) (?:\S+ ){0,2}?"
        + MED
        + r"\b|\b(?:forgot|forget|forgets|forgotten|failed|neglected) to give (?:him|her|them|mum|dad|my \w+) (?:his|her|their) \w+",
    ),
    (
        "financial_abuse",
        "strong",
        1.0,
        r"\b(?:took|taking|takes|take|taken) (?:\S+ ){0,4}?(?:tablets|meds|medication|drugs|pills|painkillers|morphine|patches|controlled drugs|them|the rest) (?:home|for (?:herself|himself|themselves))\b|\bcontrolled drugs? (?:\S+ ){0,3}?(?:missing|unaccounted)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:shar\w*|post\w*|put\w*|upload\w*|spread\w*) (?:\S+ ){0,3}?(?:personal|private|confidential|medical)? ?(?:information|details|photos?|pictures?|videos?|images?) (?:\S+ ){0,3}?(?:on|to|online|across) ?(?:facebook|social media|snapchat|tiktok|instagram|whatsapp|twitter|online)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:scream\w*|cries|crying|cry|panics?|panicking|shakes|shaking|flinches|hides|cowers|freezes|goes rigid|wets (?:her|him)self) (?:\S+ ){0,2}?(?:when|whenever|every time|if) (?:certain |some |particular |one of the |one |a |the )?(?:staff|carers?|men|man|male carers?|nurses?|workers?|support workers?|he|she) (?:\S+ ){0,2}?(?:come|comes|came|walks?|walked|enters?|entered|is|are|goes|near|approach\w*|in|on)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:too |so )?(?:scared|frightened|afraid|terrified|petrified) to (?:ring|press|use|call|ask for|ask|complain|eat|go to sleep|sleep)\b",
    ),
    (
        "physical_abuse",
        "medium",
        1.0,
        r"\b(?:gets?|got|getting|is|was|are|were|very|quite|really|too) (?:\w+ and )?rough\b|\brough (?:with|handling)\b",
    ),
    (
        "fall_injury",
        "strong",
        1.0,
        r"\b(?:hanging|slipped|slipping|fell|falling|dropped) (?:\S+ ){0,2}?(?:out of|through|from) the (?:sling|hoist)\b",
    ),
    (
        "fall_injury",
        "weak",
        0.5,
        r"\b(?:by one carer|single[- ]handed|one carer (?:on (?:her|his) own|alone))\b|\b(?:plan|care plan|assessment) says (?:two|2|double)\b",
    ),
    (
        "fall_injury",
        "medium",
        1.0,
        r"\b(?:refused|refuse|refuses|wouldn't|would not|didn't|did not) (?:to )?(?:take|convey|admit) (?:him|her|them|me|my \w+|mum|dad) (?:in|to hospital|to a&e)\b",
    ),
    (
        "fall_injury",
        "weak",
        0.5,
        r"\b(?:stroke|heart attack|cardiac arrest|seizure|bleed|clot|intensive care|icu|resus|life support)\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:sleeps|sleeping|asleep|slept) (?:all |on |during |through )?(?:shift|the shift|duty|nights|the night|waking nights?)\b|\bnobody (?:is )?awake\b|\bno one (?:is )?awake\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\b(?:sleeping|sleeps|slept|sitting|sits|sat) (?:in|on) (?:his|her|their|a|the) (?:wheelchair|chair|armchair|recliner|settee|sofa)\b(?= (?:\S+ ){0,4}?(?:for (?:weeks|days|months|a week|a month|\d+)|every night|all night|because))",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\bwith the (?:cooker|hob|oven|gas|fire|heater|iron|taps?) (?:\S+ )?(?:on|left on|running)\b|\b(?:found|left) alone (?:\S+ ){0,4}?(?:with the|and the) (?:cooker|hob|oven|gas|fire|door|front door)\b",
    ),
    (
        "neglect",
        "weak",
        0.5,
        r"\b(?:24 hour|twenty four hour|24/7|one to one|1:1|1-1|2:1) (?:care|support|supervision|staffing|observations?)\b",
    ),
    (
        "neglect",
        "weak",
        0.5,
        r"\b(?:stopped talking|stopped eating|withdrawn|not herself|not himself|changed personality|personality change)\b",
    ),
]

# Fourth round (after holdout v1 was scored and folded into the dev set).
EXTRA4: _R = [
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:hid|hide|hides|hiding|hidden|hoard\w*|collect\w*|stash\w*|keep|keeps|keeping|kept|found) (?:\S+ ){0,2}?(?:razor ?blades?|blades|ligatures?|a rope|rope|tablets|pills|paracetamol|knives)\b(?= (?:\S+ ){0,3}?(?:in (?:her|his|my|their) (?:room|bag|drawer|wardrobe|bedroom|car)|under (?:her|his|my|the) (?:bed|mattress|pillow)))|\b(?:hiding|hid|hides|stashing|hoarding) (?:\S+ ){0,1}?(?:razor ?blades?|blades|ligatures?)\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:better|happier|easier) (?:off )?without (?:me|him|her|them)\b|\bi'm a burden\b|\b(?:i am|i'm|i feel like i'm|feel like a) (?:such )?a burden\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:want|wants|wanted|wish|wishes) to (?:just )?(?:disappear|vanish|go away) (?:and never (?:come|coming) back|forever|for ever|for good)\b",
    ),
    (
        "self_harm",
        "medium",
        1.0,
        r"\b(?:want|wants|wish|wishes) (?:i|he|she )?(?:to |could )?(?:just )?(?:disappear|vanish)\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:won't|will not|wont|don't think (?:i|he|she)'ll|don't think (?:i|he|she) will|not going to) be (?:around|here|alive) (?:by|for|at|much|next|to see)\b",
    ),
    (
        "safeguarding",
        "medium",
        1.0,
        r"\b(?:worried|concerned|scared|frightened|afraid|fear|fearful|anxious) (?:\S+ ){0,3}?(?:about|for) (?:my \w+'s|\w+'s|her|his|their|our|my|the residents'?) (?:own )?(?:safety|life|wellbeing|welfare)\b|\bfear for (?:his|her|their|my \w+'s) (?:safety|life)\b",
    ),
    (
        "safeguarding",
        "medium",
        1.0,
        r"\b(?:took|take|takes|taken|taking|confiscat\w*) (?:\S+ ){0,2}?(?:phone|mobile|tablet|ipad) (?:off|away from|from) (?:him|her|them|me)\b",
    ),
    (
        "safeguarding",
        "medium",
        1.0,
        r"\b(?:didn't|did not|couldn't|could not|never|can't|cannot) (?:give |have given )?(?:consent|agree)\b(?=.{0,80}\b(?:surgery|operation|procedure|treatment|injection|medication|care|move|dnr|dnacpr)\b)|\b(?:without|no) (?:an )?interpreter\b|\bwon't provide an interpreter\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:a |such a )?waste of (?:space|oxygen|skin)\b|\b(?:talk|talks|talking|talked) about (?:him|her|them|my \w+) (?:\S+ ){0,3}?like (?:she|he|they)(?:'s|'re| is| are| was| were)? not there\b",
    ),
    (
        "restraint",
        "strong",
        1.0,
        r"\b(?:tie|ties|tied|tying|strap|straps|strapped|bind|binds|bound|tape|taped) (?:\S+ ){0,1}?(?:his|her|their|my \w+'s) (?:wrists?|hands?|arms?|legs?|ankles?|feet)\b",
    ),
    (
        "restraint",
        "medium",
        1.0,
        r"\b(?:to )?sedat(?:e|es|ing) (?:him|her|them|my \w+|residents?|patients?)\b|\bsedat\w* (?:\S+ ){0,3}?(?:so (?:she|he|they)(?:'s|'re| is| are)? (?:less|more|easier|quiet)|less work|easier to manage|to keep (?:her|him|them) quiet)\b",
    ),
    (
        "physical_abuse",
        "strong",
        1.0,
        r"\b(?:purple|finger ?tip|fingertip|thumb|grip|hand ?print|hand-shaped|bite) (?:\S+ ){0,1}?(?:marks?|bruis\w*|prints?)\b|\blike (?:she|he|they|someone)(?:'s|'d| has| had)? (?:been )?(?:gripped|grabbed|hit|squeezed|held down|slapped|punched|beaten|strangled)\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\bleft (?:\S+ ){0,2}?in the (?:bath|shower|toilet|bathroom)\b(?= (?:\S+ ){0,4}?(?:too long|for|until|till|and|cold))|\b(?:shivering|freezing cold|blue with cold|lips (?:were |was |are |went )?blue|turned blue|was blue|were blue)\b",
    ),
    (
        "neglect",
        "weak",
        0.5,
        r"\b(?:heating|boiler|hot water) (?:\S+ ){0,3}?(?:off|broken|not working|doesn't work|isn't working|has broken|been off)\b|\bin (?:january|february|december|winter|the snow|the cold)\b",
    ),
    (
        "fall_injury",
        "strong",
        1.0,
        r"\b(?:oxygen|o2) (?:\S+ ){0,3}?(?:ran out|run out|running out|turned off|switched off|not delivered|wasn't delivered|was empty)\b|\bran out of oxygen\b|\bno oxygen\b",
    ),
    (
        "medication",
        "medium",
        1.0,
        r"\bshould (?:have|of) (?:had|been given|got) (?:\S+ ){0,6}?(?:and|but) (?:only )?(?:had|got|was given|were given|received|has had)\b|\bby mistake\b(?=.{0,60}\b(?:tablets|dose|medication|meds|insulin|injection|patch|morphine|drops?)\b)|\b(?:tablets|dose|medication|meds|insulin|injection|patch|morphine)\b(?: \S+){0,8} by mistake\b",
    ),
    (
        "financial_abuse",
        "strong",
        1.0,
        r"\b(?:using|used|uses|use|borrowing|borrowed|taking|took|driving|drove|drives) (?:his|her|their|my \w+'s|\w+'s|the residents'?|a resident's) (?:\w+ )?(?:car|house|flat|home|money|account|card|phone|benefits|motability car|mobility car|bus pass) for (?:their|her|his|the staff's) own\b|\bfor (?:their|her|his) own (?:errands|use|shopping|benefit|purposes|ends)\b",
    ),
    (
        "unsafe_discharge",
        "medium",
        1.0,
        r"\b(?:sent home|discharged) with (?:a |an |his |her )?(?:catheter|drain|stoma|open wound|syringe driver|pump|oxygen|feeding tube|peg)\b(?=.{0,80}\b(?:nobody|no one|no-one|not|never|didn't|without)\b)",
    ),
    (
        "neglect",
        "weak",
        0.5,
        r"\b(?:nobody|no one|didn't|did not|never|not) (?:showed|shown|show|taught|explained to) (?:us|me|him|her|them) how to\b",
    ),
]

# Fifth round (after holdout v2 was scored and folded into the dev set).
EXTRA5: _R = [
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:collect\w*|sav\w*|stor\w*|keep\w*|kept|hid\w*|stash\w*|hoard\w*|stockpil\w*) (?:up )?(?:my|his|her|their|all (?:my|his|her)) (?:pills|tablets|meds|medication|paracetamol|painkillers)\b(?= (?:\S+ ){0,3}?(?:in a|in (?:my|his|her) (?:room|drawer|bag|jar|box)|jar|box|just in case|for (?:when|later|a rainy)|somewhere))",
    ),
    (
        "danger_to_others",
        "strong",
        1.0,
        r"\b(?:would|will|'ll|'d|going to|gonna) (?:\S+ )?(?:kill|stab|hurt|shoot|attack|murder) (?:everyone|everybody|all of (?:us|you|them)|someone|somebody|people|anyone)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:told|tells|telling|tell) (?:\S+ ){0,2}?(?:he|she|they|i)(?:'ll| will| would|'d) never (?:see|get|be allowed) (?:\S+ ){0,2}?(?:children|kids|family|son|daughter|home|mum|dad|wife|husband|grandchildren)\b",
    ),
    (
        "safeguarding",
        "strong",
        1.0,
        r"\b(?:signed|signing|sign|ticked|initialled) (?:\S+ ){0,4}?(?:chart|mar|record|sheet|book|form)\b(?: \S+){0,8} (?:but|when|and|yet) (?:\S+ ){0,4}?(?:still|weren't|wasn't|never|not) (?:in the pot|in the packet|given|taken|there|had)\b",
    ),
    ("danger_to_others", "medium", 1.0, r"\b(?:attack|attacks|assault|assaults)\b"),
]

# Sixth round (after holdout v3 was scored and folded into the dev set).
EXTRA6: _R = [
    (
        "danger_to_others",
        "medium",
        1.0,
        r"\b(?:speeding|sped|went|going|drove|driving) (?:\S+ ){0,2}?(?:through|past) (?:a |the )?red lights?\b|\b(?:speeding|racing|dangerous(?:ly)?|reckless(?:ly)?|drink driving|drunk driving|fell asleep at the wheel|on (?:his|her) phone while driving)\b(?=.{0,80}\b(?:mum|dad|me|him|her|patient|ambulance|van|bus|car|taxi|driver|back)\b)",
    ),
    (
        "financial_abuse",
        "strong",
        1.0,
        r"\b(?:account|savings|balance|pension|money)\b(?: \S+){0,3} (?:is |was |has been |had been )?(?:£\s?\d[\d,.]* |thousands |hundreds )?(?:short|down|drained|emptied|cleared out|wiped out|gone)\b(?=.{0,80}\b(?:carers?|staff|worker|since|home|agency|manager)\b)|\b(?:since|after) (?:the )?(?:carers?|staff|worker|agency)\b.{0,60}\b(?:£\s?\d[\d,.]*|thousands|hundreds) (?:short|missing|gone|down)\b",
    ),
    (
        "financial_abuse",
        "strong",
        1.0,
        r"\b(?:selling|sold|sells|pawned|pawning) (?:\S+ ){0,1}?(?:her|his|their|mum's|dad's|my \w+'s|residents'?|a resident's) (?:\w+ )?(?:things|belongings|stuff|jewell?e?ry|furniture|possessions|clothes|tv|phone|lamp|ornaments)\b",
    ),
    (
        "emotional_abuse",
        "strong",
        1.0,
        r"\b(?:talk|talks|talking|talked|speak|speaks|speaking|spoke|treat|treats|treating|treated) (?:to )?(?:him|her|them|my \w+|mum|dad|residents?|patients?) (?:\S+ )?like (?:a |an )?(?:dog|animal|child|baby|piece of (?:dirt|rubbish|meat)|idiot|criminal|prisoner|nuisance|object)\b",
    ),
    (
        "self_harm",
        "strong",
        1.0,
        r"\b(?:no|any|little) (?:point|reason) (?:to|for) (?:carry on|carrying on|go on|going on|live|living|keep going|be here|being here|stay|staying alive)\b|\b(?:made|making) (?:my|his|her) peace\b|\b(?:put|putting|sorting|sorted) (?:my|his|her) affairs in order\b",
    ),
    (
        "child_at_risk",
        "strong",
        1.0,
        r"\b(?:children|kids|child|toddler|little one|baby|boy|girl)\b(?: \S+){0,6} (?:out|outside|on the streets?|in the street|wandering) (?:\S+ ){0,3}?(?:late at night|at night|all night|at midnight|after dark|with no coats?|in the cold|unsupervised|on (?:their|his|her) own)\b",
    ),
    (
        "neglect",
        "medium",
        1.0,
        r"\bno food in (?:the |his |her |their |my )?(?:house|flat|fridge|cupboards?|home)\b|\b(?:fridge|cupboards) (?:is |are |was |were )?(?:empty|bare)\b|\brubbish everywhere\b|\bsqualor\b|\bliving in filth\b",
    ),
    (
        "neglect",
        "weak",
        0.5,
        r"\b(?:just |only )?(?:signs?|signed|ticks?|ticked) (?:the )?(?:book|sheet|form|log|chart|timesheet) and (?:goes|leaves|went|left|walks? out)\b",
    ),
    (
        "fall_injury",
        "weak",
        0.5,
        r"\b(?:told|tell|tells|said to) (?:\S+ ){0,2}?(?:to )?(?:get a taxi|make (?:our|my|his|her|their) own way|take (?:him|her|them) (?:in )?(?:ourselves|myself)|drive (?:him|her|them) (?:in )?(?:ourselves|myself)|wait it out|sleep it off)\b",
    ),
]

RULES: _R = (
    SELF_HARM
    + DANGER
    + PHYSICAL
    + SEXUAL
    + FINANCIAL
    + EMOTIONAL
    + DOMESTIC
    + NEGLECT
    + MEDICATION
    + FALLS
    + RESTRAINT
    + DISCRIMINATION
    + DISCHARGE
    + CHILD
    + SAFEGUARDING
    + EXTRA
    + EXTRA2
    + EXTRA3
    + EXTRA4
    + EXTRA5
    + EXTRA6
)

# Circumstances that turn weak cues into a concern: unexplained, unreported,
# prolonged, repeated, covered up. Counted once (the largest) and only when
# at least one weak or medium cue is present.
AGGRAVATORS: list[tuple[float, str]] = [
    (
        0.6,
        r"\b(?:nobody|no one|no-one|noone|none of the staff|no staff) (?:\S+ ){0,2}?(?:could|can|would|will|did|has|have|had|was|were)?(?:n't| not)? ?(?:explain\w*|call\w*|rang|ring|phoned|told|tell|inform\w*|check\w*|notic\w*|came|come|found|find|report\w*|knew|knows|know|seems? to know|answered|helped|help|bothered|cared|believed|listened|took it seriously|taking it seriously|did anything|done anything|follow\w* up|looked)\b",
    ),
    (
        0.6,
        r"\b(?:didn't|did not|don't|do not|never|failed to|haven't|have not|hasn't|has not|wasn't|weren't|was not|were not|not|no) (?:\S+ ){0,1}?(?:call\w*|ring|rung|tell|told|inform\w*|report\w*|record\w*|document\w*|notic\w*|check\w*|escalat\w*|follow\w* (?:it )?up|explain\w*|investigat\w*|get (?:him|her|them) checked|seek \w+ help|send (?:him|her) to|take it seriously|taken seriously|fill\w* in|filled in|logged|believed)\b",
    ),
    (
        0.6,
        r"\b(?:no|without(?: any| an?)?) (?:explanation|incident (?:form|report)|body map|follow[- ]?up|medical (?:attention|help|check)|one (?:told|called|rang|informed|checked|noticed)|record|investigation|apology and no)\b",
    ),
    (
        0.6,
        r"\b(?:story (?:\S+ ){0,2}?keeps? chang\w*|different stor(?:y|ies)|stories don't match|conflicting (?:stories|accounts)|unexplained|unexplainable|unreported|not reported|unrecorded|no idea how|(?:don't|didn't|do not|did not|no one|nobody|noone) knows? how (?:it|she|he|they|this|that|the \w+) (?:got|happened|came|was caused)|shrugged|brushed (?:it )?off|fobbed (?:us |me )?off|said it was nothing|put it down to|blamed (?:it on )?(?:her|him)|must (?:of|have) (?:walked|banged|fallen|knocked)|covered up|before anyone (?:found|came|noticed)|until (?:we|i|the family|family) (?:arrived|visited|came|noticed|found))\b",
    ),
    (
        0.6,
        r"\b(?:for (?:hours|days|weeks|ages|"
        + NUM
        + r" (?:hours?|days?|weeks?))|all (?:day|night|weekend)|the whole (?:day|night|weekend)|overnight|again and again|over and over|(?:second|third|fourth|fifth) time|(?:\d+|three|four|five|six|several|numerous|many) times|repeatedly|keeps? (?:happening|falling|getting)|nothing (?:has been|was|is being|has) (?:done|changed)|still (?:no|not|waiting|nothing|hasn't))\b",
    ),
    (
        0.6,
        r"\b(?:without (?:anyone |us |her |him |me )?(?:telling|consent|asking|knowing|permission|agreeing)|not (?:even )?(?:asked|consulted|told))\b",
    ),
    (
        0.6,
        r"\bno (?:\w+ )?(?:came|turned up|visited|arrived|showed up|called back|rang back)\b|\b(?:did|does|do|done) (?:absolutely )?nothing\b|\b(?:didn't|did not|never) do (?:anything|a thing)\b",
    ),
    (
        0.5,
        r"\b(?:too busy|short staffed|short-staffed|not enough staff|no staff around|nobody around|no one around|agency staff)\b",
    ),
]

# Evidence that the situation has been dealt with or is in the past and
# resolved. Subtracted from the medium/weak total only, never from a strong cue.
MITIGATORS: list[tuple[float, str]] = [
    (
        0.7,
        r"\b(?:gp|doctor|nurse|paramedics?|district nurse|physio) (?:has |had |have )?(?:seen|checked|examined|reviewed|looked at) (?:him|her|them|me|it)\b",
    ),
    (
        0.7,
        r"\b(?:checked|looked) (?:him|her|them|me) over\b|\bon the mend\b|\bhealing (?:well|nicely)\b|\b(?:sorted|dealt with|resolved) (?:it |everything |the problem |this )?(?:out )?(?:quickly|straight away|promptly|immediately|well|brilliantly)\b",
    ),
    (
        0.7,
        r"\b(?:much |so much |a lot |far )?better (?:place )?now\b|\bdoing (?:really |so |very )?well (?:now)?\b|\b(?:helped|helping|helps) me (?:so much|a lot|enormously|massively|hugely|loads)\b|\bit'?s helped (?:a lot|so much|me)\b|\bhas (?:really )?helped\b|\bhas been amazing\b|\bhas been (?:brilliant|fantastic|excellent|a lifeline)\b",
    ),
    (
        0.7,
        r"\b(?:used to|years ago|in the past|as a child|when i was (?:younger|a child|a teenager|little)|historic(?:al)?|previously|in my (?:teens|twenties|thirties|forties|youth)) \b",
    ),
    (
        0.7,
        r"\b(?:stop|stopped|stopping|quit) (?:self[- ]?harming|cutting|harming (?:him|her|my)self)\b|\bhelped (?:him|her|me|them) (?:to )?(?:stop|through|cope|recover)\b|\b(?:he's|she's|i'm|he is|she is|i am) (?:happy|happier|settled|much better|well) now\b|\bhow to (?:check|spot|prevent|look for|avoid)\b",
    ),
    (
        0.7,
        r"\b(?:prevention|awareness|training|course|workshop|leaflet on|information on|education (?:on|about)|trained in|taught (?:me|us) about)\b",
    ),
    (
        0.7,
        r"\b(?:calmly|kindly|patiently|professionally|reassur\w*) (?:dealt|managed|handled|de-?escalat\w*)\b|\b(?:dealt|managed|handled) (?:\S+ ){0,6}?(?:calmly|kindly|patiently|professionally)\b",
    ),
    (
        0.7,
        r"\b(?:how to (?:spot|recognise|recognize|report)|spot (?:the )?signs of|recognis\w* (?:the )?signs of|useful for (?:carers|families|staff)|very useful|informative)\b",
    ),
    (
        0.7,
        r"\b(?:wrote|written|recorded|documented|logged) (?:it |them |everything )?(?:down|up|in (?:the|his|her) (?:notes|records|book))\b|\bbody map(?:ped)?\b(?=.{0,60}\b(?:rang|called|told|informed) us\b)",
    ),
    (
        0.7,
        r"\b(?:got|had) (?:him|her|them|me) checked\b|\b(?:called|rang|phoned|informed|told) us (?:straight away|immediately|right away|the same day|promptly)\b",
    ),
    (
        0.5,
        r"\b(?:falls? (?:clinic|team|service|prevention|assessment|programme|class)|grab rails?|so i don't fall|so she doesn't fall|so he doesn't fall)\b",
    ),
]

# A strong self-harm/abuse cue is downgraded to medium only when its own
# sentence says BOTH that it is long past AND that things are now resolved
# ("they helped me when I was suicidal five years ago and I'm grateful").
HISTORIC = r"\b(?:in my (?:teens|twenties|thirties|forties|youth)|(?:\d+|a few|few|many|several|some|two|three|four|five|six|seven|eight|nine|ten|twenty) years? ago|when i was (?:younger|a teenager|a child|at school|little|a kid|in my (?:teens|twenties))|as a (?:child|teenager|kid)|in the past|years back|used to|historic(?:al)?|back in (?:19|20)\d\d)\b"
RESOLVED = r"\b(?:grateful|thank\w*|helped|saved|better now|recovered|recovery|doing (?:really |so |very )?well|good place|better place|got me through|turned my life around|life saver|lifesaver|never looked back)\b"

# "Present" words that cancel the past/resolved mitigator for a comment.
STILL_PRESENT = r"\b(?:still|again|currently|at the moment|right now|this week|last night|tonight|today|keeps?|every day|getting worse|no help|nobody|no one|can't cope)\b"

# Benign idioms blanked out before matching (kept the same length).
BENIGN: list[str] = [
    r"\b(?:nearly|almost|could have|could've|i|we) (?:died|die|dying|wet (?:myself|ourselves)) (?:of |from |with )?(?:laughing|laughter|embarrassment|boredom|happiness|joy)\b",
    r"\bdied laughing\b|\bdying (?:to|for)\b|\bto die for\b|\bdie of (?:embarrassment|shame|boredom)\b",
    r"\b(?:killing|kill|killed|kills) (?:time|it|me(?= with| softly)|the (?:mood|vibe))\b",
    r"\b(?:\w+ )?(?:are|is|was|were) killing (?:me|my \w+)\b|\bkilling me\b|\bkill for\b|\bkilling my (?:feet|back|knees|legs|head)\b",
    r"\b(?:daylight|highway) robbery\b|\b(?:is|was|that's|thats|it's|its|pure|absolute|total) (?:\w+ )?(?:robbery|theft|criminal|a crime|a rip[- ]off)\b|\bcrime against\b|\b(?:is|are|was) criminal\b",
    r"\b(?:saved|save|saving) (?:my|his|her|their|our|mum's|dad's) li(?:fe|ves)\b|\blife ?savers?\b|\blife ?saving\b",
    r"\bwouldn't be here (?:now|today)?\b(?=.{0,40}\b(?:thank|grateful|staff|team|help))|\bif it (?:wasn't|was not|weren't) for (?:the |them|you|this|staff)\b.{0,40}\bwouldn't be here\b",
    r"\b(?:fall|fell|falling|falls) (?:asleep|behind|through|short|apart|out with|into place|under|in love|between the cracks|off the list|off the radar)\b",
    r"\bno(?:body| one|-one|one) (?:was|were|got|has been|had been) (?:hurt|injured|harmed)\b|\b(?:didn't|did not|doesn't|does not|never) hurt(?: (?:at all|a bit|much))?\b",
    r"\b(?:sick|bored|scared|frightened|worried) to death of (?:chasing|waiting|ringing|phoning|calling)\b|\bsick to death\b|\bbored to (?:death|tears)\b",
    r"\bdead (?:easy|good|nice|helpful|friendly|quick|on time|lucky|chuffed|happy|right|keen|proud|pleased|comfy)\b|\bdead ?line\b|\bdead end\b",
    r"\bhit (?:and|or) miss\b|\bhit the (?:spot|nail|ground running|roof)\b|\b(?:a|big) hit\b|\bhit it off\b",
    r"\bslap ?dash\b|\bpushed for time\b|\bpush(?:y|ed) (?:for|to get)\b|\bkick(?:ed)? (?:in|off the)\b",
    r"\b(?:fight|fighting|fought) (?:for|to get|anyone for)\b|\b(?:a )?riot\b|\bover the moon\b",
    r"\b(?:cut|cuts|cutting) (?:to the bone|back|backs|off|short|down|the queue|funding|services|corners)\b|\b(?:budget|funding|service) cuts?\b",
    r"\b(?:broke|breaks|break|broken) (?:my|his|her|our) hearts?\b|\bheart ?broken\b|\bheart ?breaking\b|\bbroken (?:promises|system|record|english|down|lift|tv|television|phone|chair|toilet|machine|equipment)\b",
    r"\b(?:heart|asthma|panic|anxiety|angina|epileptic|migraine|gout|sickle cell|copd|transient ischaemic|ischaemic|vasovagal) attacks?\b|\bhaving an attack\b",
    r"\b(?:steal|steals|stealing|stole) the (?:show|limelight)\b",
    r"\blife[- ]threatening\b|\blife[- ]or[- ]death\b",
    r"\b(?:substance|drug|drugs|alcohol|solvent) (?:abuse|misuse)\b",
    r"\b(?:beat|beats|beating|thrashed|hammered) (?:\S+ ){0,2}?at (?:bingo|cards|chess|dominoes|scrabble|the quiz|quiz|darts|pool|snooker|bowls|skittles|games?|connect four|draughts|\w+ball)\b",
    r"\b(?:never|hasn't ever|has never|didn't) (?:hurt|harmed|injured) (?:anyone|anybody|a soul|a fly)\b",
    r"\bchoked up\b|\bchoke up\b|\bsuffocating\b",
    r"\b(?:we|they|i|staff) (?:are|were|was|have been) (?:killing|smashing) it\b",
    r"\b(?:torture|murder|criminal|hell)\b",
    r"\b(?:mental health|wellbeing|crisis) (?:team|service|nurse|worker|practitioner|line|café|cafe|college|recovery)\b",
    r"\bpushed (?:him|her|me) to (?:do|try|walk|keep)\b",
    r"\b(?:safe|safely) restrain\w*\b(?=.{0,20}(?:training|course))",
    r"\bhealth and safety\b",
    r"\b(?:patient|personal) (?:appearance and )?grooming\b|\bgrooming (?:and|&) (?:dressing|washing|personal care|hygiene)\b|\b(?:hair|nails?|dog) grooming\b",
]

NEGATORS = r"\b(?:no|not|never|without|none|nor|hardly|isn't|wasn't|aren't|weren't|don't|doesn't|didn't|haven't|hasn't|hadn't|won't|wouldn't|couldn't|can't|cannot|free of|free from|denies|denied|ruled out)\b|n't\b"
NEGATION_PHRASES = r"\b(?:no (?:sign|signs|evidence|concerns?|worries|indication|suggestion|issues?|problems?|reports?|history|risk) (?:of|about|over|regarding|with|around)|nothing to suggest|no concerns?)\b"
