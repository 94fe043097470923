"""Write ``product_reviews_sarcasm.jsonl``: short product reviews with a sentiment label and a sarcasm flag.

The reviews were written for the kit. Each one is composed from an opening, a
product-specific detail and a closing, chosen with a seeded random generator,
so ``python datasets/make_reviews.py`` always writes the same file.

Three kinds of review:

* positive: a satisfied customer (``sentiment="positive"``, ``sarcastic=False``);
* negative: a plainly unhappy customer (``sentiment="negative"``, ``sarcastic=False``);
* sarcastic: praise on the surface, a complaint underneath
  (``sentiment="negative"``, ``sarcastic=True``). These lean on the same warm
  words as the positive reviews, which is why a bag-of-words model misreads them.

A few positive and negative reviews are mixed ("good sound, weak battery") so
the plain cases are not trivially separable either.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "product_reviews_sarcasm.jsonl"
SEED = 2024
N_POSITIVE = 196
N_NEGATIVE = 164
N_SARCASTIC = 40

# Product-specific details: what a happy, an unhappy and a sarcastic customer would say.
PRODUCTS = {
    "headphones": {
        "pos": [
            "The sound is rich and the bass never gets muddy.",
            "Battery easily lasts my whole week of commuting.",
            "They fold flat and fit in my coat pocket.",
            "Noise cancelling makes the train feel like a library.",
        ],
        "neg": [
            "The left ear cup crackles whenever I turn my head.",
            "The battery is flat after two hours.",
            "The headband snapped within a month.",
            "Bluetooth drops out every few minutes.",
        ],
        "sarc": [
            "So comfortable that I only need a short break from the pinching every twenty minutes.",
            "Love how the left side cuts out whenever I move, keeps every song exciting.",
            "Amazing battery, it lasts almost the whole first half of a podcast.",
            "Fantastic noise cancelling, I can still hear my neighbour's television perfectly.",
        ],
    },
    "blender": {
        "pos": [
            "Smoothies come out silky in under a minute.",
            "It crushes ice without any trouble.",
            "The jug is easy to rinse and goes in the dishwasher.",
            "Quieter than my old one and twice as strong.",
        ],
        "neg": [
            "The motor smells like burning after a single smoothie.",
            "The lid leaks every time I use it.",
            "It can't handle frozen fruit at all.",
            "The blade came loose after a couple of weeks.",
        ],
        "sarc": [
            "Really love that it leaves whole strawberries in my smoothie, adds some texture.",
            "Great blender, it turned my kitchen into a smoothie-coloured art project when the lid flew off.",
            "Wonderful motor, it lasted a whole eight days.",
            "Love the new scent it gives my kitchen, somewhere between toast and melting plastic.",
        ],
    },
    "running shoes": {
        "pos": [
            "Comfortable straight out of the box, no blisters.",
            "Plenty of grip on wet pavement.",
            "Light enough that I forget I'm wearing them.",
            "My knees feel better after long runs.",
        ],
        "neg": [
            "The sole started peeling off after fifty kilometres.",
            "They run a full size small.",
            "They gave me blisters on both heels.",
            "The stitching came apart in the first week.",
        ],
        "sarc": [
            "Fantastic grip, I now know every wet leaf on my route personally.",
            "Brilliant shoes, I've never had such a thorough collection of blisters.",
            "Really impressed that the sole came off on my very first run, saves me breaking them in.",
            "So glad I paid extra for shoes that squeak on every single step.",
        ],
    },
    "phone case": {
        "pos": [
            "It survived a drop onto concrete without a scratch on the phone.",
            "Slim, grippy and the buttons still click nicely.",
            "The colour is exactly as pictured.",
            "Fits perfectly and the camera cutout lines up.",
        ],
        "neg": [
            "It cracked the first time I dropped it.",
            "The buttons are so stiff I can barely press them.",
            "It doesn't fit my model even though the listing says it does.",
            "The colour faded to a grubby yellow in a month.",
        ],
        "sarc": [
            "Great quality, the corners are already peeling away like a banana.",
            "Excellent protection, my screen shattered in it on day one.",
            "Love that it turns yellow so fast, it's like a tan for my phone.",
            "Perfect fit, as long as you don't need the volume buttons.",
        ],
    },
    "desk lamp": {
        "pos": [
            "The light is warm and even, no harsh glare.",
            "Three brightness levels cover everything I need.",
            "The arm holds its position wherever I set it.",
            "Looks lovely on my desk and the base is sturdy.",
        ],
        "neg": [
            "It flickers constantly on the lowest setting.",
            "The arm droops and won't stay put.",
            "The switch stopped working after two weeks.",
            "The light is a cold blue that gives me a headache.",
        ],
        "sarc": [
            "Such a clever switch, it works about one time in five, keeps me on my toes.",
            "Great lamp if you enjoy a free strobe show every evening.",
            "Love how the arm slowly bows down during the day, very polite of it.",
            "Fantastic brightness, I can nearly read by it if I hold the page right up against the bulb.",
        ],
    },
    "backpack": {
        "pos": [
            "Fits my laptop, lunch and gym kit with room to spare.",
            "The straps are padded and comfortable all day.",
            "Stayed dry inside through a proper downpour.",
            "Lots of pockets and they are all actually useful.",
        ],
        "neg": [
            "The zip broke within a fortnight.",
            "A strap seam ripped the first time I loaded it up.",
            "Rain soaks straight through to my laptop.",
            "It is much smaller than the photos suggest.",
        ],
        "sarc": [
            "Love the compact design, my laptop fits as long as it stays half outside.",
            "Wonderful waterproofing, my notebooks now come in a lovely papier-mache edition.",
            "Really appreciate the zip that opens itself on the bus, so thoughtful.",
            "Best bag ever, it held together for nearly a whole week.",
        ],
    },
    "coffee maker": {
        "pos": [
            "The coffee is hot and full of flavour.",
            "The timer means a fresh pot is waiting when I wake up.",
            "It is simple to descale and clean.",
            "Brews a full jug in a few minutes.",
        ],
        "neg": [
            "The coffee comes out lukewarm.",
            "It leaks water all over the counter.",
            "The carafe cracked in the first month.",
            "The timer resets itself every night.",
        ],
        "sarc": [
            "Wonderful design, the carafe cracked all by itself so I didn't have to bother.",
            "Amazing machine, it makes coffee at the perfect temperature for people who like it cold.",
            "Love the bonus feature where it floods the counter every morning.",
            "Excellent timer, it wakes me up at three in the morning with fresh coffee whether I want it or not.",
        ],
    },
    "vacuum cleaner": {
        "pos": [
            "Picks up dog hair from the carpet in one pass.",
            "Light enough to carry up the stairs easily.",
            "Battery covers the whole flat on one charge.",
            "The attachments reach every awkward corner.",
        ],
        "neg": [
            "The suction fades after about five minutes.",
            "It keeps clogging and I have to take it apart.",
            "The battery died completely after three months.",
            "It is loud enough to scare the neighbours and barely cleans.",
        ],
        "sarc": [
            "Amazing how quietly it gave up after three months, no fuss at all.",
            "Fantastic suction, it gently moves the crumbs around so they can see the whole room.",
            "Great battery, I can vacuum almost an entire hallway before it needs a nap.",
            "Love how it spreads the dog hair evenly across the carpet, very fair of it.",
        ],
    },
    "keyboard": {
        "pos": [
            "The keys have a satisfying click and feel solid.",
            "Typing all day no longer hurts my wrists.",
            "Pairs with my laptop and tablet and switches instantly.",
            "The backlight is even and easy to adjust.",
        ],
        "neg": [
            "Several keys double-type letters.",
            "The space bar sticks constantly.",
            "It disconnects from my laptop every hour.",
            "The letters wore off the keys within weeks.",
        ],
        "sarc": [
            "Brilliant keys, the letters rubbed off in weeks so now I'm learning to touch type.",
            "Great keyboard, it types every letter twice so I get twice the work done.",
            "Love the surprise of never knowing whether the space bar will come back up.",
            "Perfect for anyone who enjoys reconnecting their keyboard every hour, on the hour.",
        ],
    },
    "water bottle": {
        "pos": [
            "Keeps water cold all day, even in the car.",
            "No leaks in my bag so far.",
            "Easy to clean and no plastic taste.",
            "The handle makes it easy to carry on hikes.",
        ],
        "neg": [
            "It leaks through the lid every time.",
            "Drinks are lukewarm within an hour.",
            "The paint chipped off almost immediately.",
            "Everything tastes faintly of plastic.",
        ],
        "sarc": [
            "Great paint job, it comes off in my hand so I get a fresh new look every day.",
            "Brilliant bottle, it keeps my drinks exactly as warm as the room.",
            "Love that it waters my bag for me, saves me a job.",
            "Wonderful flavour too, every drink now has a delicate hint of plastic.",
        ],
    },
    "air fryer": {
        "pos": [
            "Chips come out crisp with hardly any oil.",
            "The basket is non-stick and cleans up fast.",
            "Heats up quickly and cooks evenly.",
            "Big enough for a family dinner.",
        ],
        "neg": [
            "The non-stick coating started flaking off.",
            "Food comes out burnt on top and raw underneath.",
            "The display died after a month.",
            "It fills the kitchen with smoke every time.",
        ],
        "sarc": [
            "Perfect chips every time, if you like them black on the outside and frozen in the middle.",
            "Amazing fryer, I now get a free smoke alarm test every time I cook.",
            "Love the extra seasoning, little flakes of non-stick coating in every batch.",
            "Great at cooking evenly, everything is equally burnt.",
        ],
    },
    "electric toothbrush": {
        "pos": [
            "My teeth feel properly clean after every brush.",
            "The battery lasts about three weeks between charges.",
            "The timer helps me brush for the full two minutes.",
            "Gentle on my gums but still thorough.",
        ],
        "neg": [
            "It stopped holding a charge after a month.",
            "The brush heads wear out in days.",
            "It rattles loudly and the handle gets hot.",
            "Water got inside and it stopped working.",
        ],
        "sarc": [
            "Love how the brush heads last nearly four days each, such good value.",
            "Really great, it holds a charge for almost one whole brushing.",
            "Love how it rattles like a maraca, my morning routine finally has music.",
            "Fantastic build quality, it only needed a single splash of water to stop working.",
        ],
    },
}

POS_OPEN = [
    "Really happy with {this} {p}.",
    "Bought {this} {p} a month ago and I'm impressed.",
    "Five stars from me.",
    "Great {p} for the price.",
    "Pleasantly surprised by {this} {p}.",
    "{This} {p} does exactly what I wanted.",
    "Love it.",
    "Second one I've bought, no regrets.",
    "My partner picked {this} {p} and was right.",
    "Absolutely love {this} {p}.",
    "What a bargain.",
    "Just perfect.",
    "",
]
POS_CLOSE = [
    "Would buy again.",
    "Worth every penny.",
    "Highly recommend.",
    "No complaints so far.",
    "Great value.",
    "Very pleased overall.",
    "Happy customer here.",
    "Ten out of ten.",
    "Exactly what I was hoping for.",
    "Thanks so much.",
    "Truly a quality product.",
    "Can't recommend it enough.",
    "I use it every day.",
    "Can't fault it.",
    "Would buy it again in a heartbeat.",
    "Recommend it to anyone.",
    "It was worth the wait.",
    "",
]
# Warm sentences any happy customer might add; sarcasm borrows exactly this register.
POS_PRAISE = [
    "Fantastic build quality.",
    "Amazing value, honestly.",
    "Wonderful design and it feels solid.",
    "Brilliant little {p}.",
    "Excellent, it just works.",
    "Love how easy it is to use.",
    "Love that it came so quickly.",
    "So glad I picked this one.",
    "Really impressed with how well it's made.",
    "Really great, it does the job every time.",
    "Perfect size for my needs.",
    "Great quality, it feels like it will last for years.",
    "Such a clever design.",
    "Excellent service from the seller too.",
]
NEG_OPEN = [
    "Disappointed with {this} {p}.",
    "Not what I expected.",
    "Returned it after a week.",
    "Save your money.",
    "I wanted to like {this} {p}.",
    "Poorly made for the price.",
    "One star.",
    "Really not impressed with {this} {p}.",
    "",
]
NEG_CLOSE = [
    "Sent it back.",
    "Would not recommend.",
    "Asking for a refund.",
    "Customer service never replied.",
    "Avoid.",
    "Waste of money.",
    "",
]
# Openings and closings only a sarcastic reviewer uses (a minority of sarcastic reviews carry one).
SARC_OPEN = [
    "Wow, just wow.",
    "Best purchase of the year, clearly.",
    "Five stars for creativity.",
    "Oh, {this} {p} {is} something special.",
    "Well, {this} {p} {is} a triumph.",
]
SARC_CLOSE = ["Money well spent, obviously.", "Just what I always wanted, clearly."]
PLURAL = {"headphones", "running shoes"}
# A pinch of mixed reviews keeps the plain cases honest.
MIXED_POS = "{good} The only downside: {bad_lower} Still happy with it for the price."
MIXED_NEG = "{good} But {bad_lower} Returning it."


def _lower_first(sentence: str) -> str:
    return sentence[0].lower() + sentence[1:]


def _compose(rng: random.Random, kind: str, sarcastic_core: tuple[str, str] | None = None) -> tuple[str, str]:
    if kind == "sarcastic":
        # Sarcasm wears the same clothes as praise: the openings and closings
        # come from the positive pool most of the time.
        product, core = sarcastic_core
        opener = rng.choice(SARC_OPEN if rng.random() < 0.15 else POS_OPEN)
        closer = rng.choice(SARC_CLOSE if rng.random() < 0.15 else POS_CLOSE)
        parts = [opener, core, closer]
    else:
        product = rng.choice(sorted(PRODUCTS))
        facts = PRODUCTS[product]
        if kind == "positive":
            if rng.random() < 0.12:
                parts = [
                    MIXED_POS.format(good=rng.choice(facts["pos"]), bad_lower=_lower_first(rng.choice(facts["neg"])))
                ]
            else:
                praise = [rng.choice(POS_PRAISE)] if rng.random() < 0.6 else []
                parts = [
                    rng.choice(POS_OPEN),
                    *praise,
                    *rng.sample(facts["pos"], rng.choice([1, 2])),
                    rng.choice(POS_CLOSE),
                ]
        else:
            if rng.random() < 0.12:
                parts = [
                    MIXED_NEG.format(good=rng.choice(facts["pos"]), bad_lower=_lower_first(rng.choice(facts["neg"])))
                ]
            else:
                parts = [rng.choice(NEG_OPEN), *rng.sample(facts["neg"], rng.choice([1, 2])), rng.choice(NEG_CLOSE)]
    plural = product in PLURAL
    words = dict(
        p=product, this="these" if plural else "this", This="These" if plural else "This", is_="are" if plural else "is"
    )
    text = " ".join(p for p in parts if p).replace("{is}", "{is_}").format(**words)
    return product, text


def make_reviews(seed: int = SEED) -> list[dict]:
    """The review records, in a shuffled but fixed order (no duplicated texts).

    Every sarcastic review uses its own core sentence, so no sarcastic complaint
    appears twice (a model cannot simply memorise one).
    """
    rng = random.Random(seed)
    plan = ["positive"] * N_POSITIVE + ["negative"] * N_NEGATIVE + ["sarcastic"] * N_SARCASTIC
    rng.shuffle(plan)
    cores = [(product, line) for product in sorted(PRODUCTS) for line in PRODUCTS[product]["sarc"]]
    if len(cores) < N_SARCASTIC:
        raise ValueError(f"need {N_SARCASTIC} sarcastic core sentences, have {len(cores)}")
    rng.shuffle(cores)
    seen: set[str] = set()
    records = []
    for kind in plan:
        core = cores.pop() if kind == "sarcastic" else None
        for _ in range(200):
            product, text = _compose(rng, kind, core)
            if text not in seen:
                break
        else:  # pragma: no cover - the templates allow far more than 400 distinct texts
            raise RuntimeError(f"could not write a new {kind} review")
        seen.add(text)
        records.append(
            {
                "review_id": len(records) + 1,
                "product": product,
                "text": text,
                "sentiment": "positive" if kind == "positive" else "negative",
                "sarcastic": kind == "sarcastic",
            }
        )
    return records


def main() -> None:
    records = make_reviews()
    with open(OUT, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} reviews to {OUT}")


if __name__ == "__main__":
    main()
