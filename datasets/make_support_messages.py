"""Build ``support_messages_annotated.jsonl``: a payments company's support inbox, labelled three times.

The messages are written for the kit. Each template below is a message a
customer of a card-and-transfer app might send, with slots for the merchant,
amount, time and card digits so the same situation appears in a few wordings.
Each template carries the label the written guideline
(``labelling_guideline.md``) gives it and, for the ambiguous ones, the label a
careful annotator might reasonably pick instead.

Three annotators are simulated with different habits:

* ``annotator_a``: experienced, rarely slips, still splits on truly ambiguous
  messages;
* ``annotator_b``: reads "I don't recognise this charge" as a billing dispute
  more often than the guideline says (it asks for fraud first);
* ``annotator_c``: new to the team, more slips, more often picks the
  alternative reading.

``adjudicated`` is the guideline's label: what a senior reviewer settles on.

Run from the repository root (seeded, so the file is reproducible)::

    python datasets/make_support_messages.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

SEED = 2024
COPIES = 3
LABELS = ("fraud", "access", "dispute", "payment_failed", "other")
OUT = Path(__file__).resolve().parent / "support_messages_annotated.jsonl"

MERCHANTS = [
    "Brightmart",
    "Cafe Olmo",
    "Parcelly",
    "StreamNest",
    "GoRide",
    "Hollis Hardware",
    "Pixelplay",
    "Northline Rail",
    "FreshCrate",
    "Lumen Electronics",
    "Quayside Hotel",
    "Tandem Gym",
    "Kite Mobile",
    "Saffron Kitchen",
    "Orbit Games",
    "Marlow Books",
]
WHEN = [
    "yesterday",
    "last night",
    "this morning",
    "on Monday",
    "on Saturday",
    "two days ago",
    "on the 3rd",
    "earlier today",
    "over the weekend",
    "last Thursday",
]
GREETINGS = ["", "", "", "Hi, ", "Hello, ", "hi ", "Hey, ", "Good morning, "]
SIGNOFFS = ["", "", "", " Thanks.", " Thanks in advance", " Please help.", " Cheers", " thx"]

# (text, guideline label, plausible alternative label or None)
TEMPLATES = [
    # --- clear fraud: the customer says the payment was not theirs
    ("There's a payment of ${amount} to {merchant} {when} that I did not make. Please block my card.", "fraud", None),
    ("Someone used my card ending {last4} at {merchant}. I still have the card in my wallet.", "fraud", None),
    ("I just got an alert for ${amount} at {merchant} and it wasn't me!! I'm at home", "fraud", None),
    ("my card was stolen {when}, there are already 3 payments on it I didn't do. freeze it please", "fraud", None),
    (
        "Five small charges of under $2 from {merchant} {when}. I never shop there. Is someone testing my card?",
        "fraud",
        None,
    ),
    (
        "A transfer of ${amount} left my account {when} to someone I've never heard of. I did not authorise this.",
        "fraud",
        None,
    ),
    ("I got a text saying I approved a payment to {merchant} for ${amount}. I approved nothing.", "fraud", None),
    (
        "Somebody called pretending to be you and I gave them the code from my app. Now ${amount} is gone.",
        "fraud",
        None,
    ),
    ("There are purchases at {merchant} in another country {when}. I haven't left the city in months.", "fraud", None),
    (
        "My phone was stolen {when} and I think the thief has been using the app. Two transfers I didn't send.",
        "fraud",
        None,
    ),
    ("unauthorised charge ${amount} {merchant}, card {last4}. cancel card and refund please", "fraud", None),
    ("I lost my wallet {when}. Since then ${amount} was spent at {merchant}, not by me.", "fraud", None),
    # --- ambiguous fraud / dispute: "don't recognise" is not "didn't make"
    ("I don't recognise a charge of ${amount} from {merchant} {when}. What is this?", "fraud", "dispute"),
    (
        "What is {merchant}? There's ${amount} on my statement from them and I have no idea what it is.",
        "fraud",
        "dispute",
    ),
    ("There's a payment to {merchant} I can't place. Could be my son but he says no. ${amount}.", "fraud", "dispute"),
    ("I've been charged ${amount} by {merchant} every month and I never signed up for anything.", "dispute", "fraud"),
    (
        "A free trial at {merchant} turned into a ${amount} charge {when}. I cancelled it before the trial ended!",
        "dispute",
        "fraud",
    ),
    (
        "{merchant} charged my card again {when} even though I closed my account with them. ${amount}.",
        "dispute",
        "fraud",
    ),
    ("Strange charge from {merchant} for ${amount}. I did buy from them once but not {when}.", "fraud", "dispute"),
    # --- clear dispute: a real purchase gone wrong
    ("I was charged twice for the same order at {merchant}, ${amount} each time, {when}.", "dispute", None),
    ("{merchant} promised a refund of ${amount} two weeks ago and it still hasn't shown up.", "dispute", None),
    ("I returned the item to {merchant} but I'm still paying for it. How do I get my ${amount} back?", "dispute", None),
    ("The bill at {merchant} was ${amount} but I was charged more than that. Can you check?", "dispute", None),
    ("I paid {merchant} ${amount} for an order that never arrived and they stopped answering emails.", "dispute", None),
    ("Hotel charged a ${amount} deposit {when} and never released it after checkout.", "dispute", None),
    ("I want to dispute ${amount} from {merchant}. The goods were broken when they arrived.", "dispute", None),
    (
        "the taxi ({merchant}) charged me ${amount} for a 10 minute ride, that's not the price I was shown",
        "dispute",
        None,
    ),
    ("I cancelled my {merchant} membership in March, why am I still paying ${amount}?", "dispute", None),
    # --- ambiguous dispute / payment_failed
    ("My payment to {merchant} failed but the ${amount} still left my account {when}.", "payment_failed", "dispute"),
    ("The shop says my card was declined but my app shows ${amount} taken. Which is it?", "payment_failed", "dispute"),
    ("Refund from {merchant} shows as sent on their side but nothing in my account yet.", "dispute", "payment_failed"),
    (
        "I paid {merchant} {when}, they say they never got it, and the money isn't back with me either.",
        "payment_failed",
        "dispute",
    ),
    # --- clear payment_failed
    ("My card keeps getting declined at {merchant} even though I have money in the account.", "payment_failed", None),
    ("I tried to send ${amount} to my sister {when} and it's been 'pending' ever since.", "payment_failed", None),
    ("Why was my card declined online? It works fine in shops.", "payment_failed", None),
    ("transfer to my landlord bounced back {when}, rent is due tomorrow, what happened??", "payment_failed", None),
    ("Apple Pay stopped working with my card ending {last4}. Physical card still works.", "payment_failed", None),
    (
        "Direct debit for my phone bill (${amount}) was returned unpaid. There was enough balance.",
        "payment_failed",
        None,
    ),
    ("I can't add money to my account, the top-up fails every time with error 402.", "payment_failed", None),
    ("Payment at {merchant} failed three times in a row {when}. Embarrassing at the till.", "payment_failed", None),
    (
        "International transfer of ${amount} has been stuck for 5 days. Reference number in the app says processing.",
        "payment_failed",
        None,
    ),
    # --- ambiguous payment_failed / fraud: declined because of a fraud block
    (
        "My card was declined at {merchant} and straight after I got a text asking if I made a ${amount} purchase. I didn't.",
        "fraud",
        "payment_failed",
    ),
    (
        "All my payments are being declined since {when}. Did you block my card for some reason?",
        "payment_failed",
        "access",
    ),
    (
        "Got a message saying my card is blocked for suspicious activity. I haven't done anything unusual, just need it working.",
        "payment_failed",
        "fraud",
    ),
    # --- clear access
    ("I can't log in. The app says my password is wrong but I just reset it.", "access", None),
    ("I changed my phone and now I don't get the verification code by SMS.", "access", None),
    ("Locked out of my account after too many attempts {when}. How long until I can try again?", "access", None),
    ("The face ID login stopped working after the update.", "access", None),
    ("I need to change the email on my account, I don't have access to the old one anymore.", "access", None),
    ("The app asks me to verify my identity again and the photo upload keeps failing.", "access", None),
    ("forgot my PIN for card {last4}, how can I see it in the app?", "access", None),
    ("I get 'session expired' every time I open the app, even right after logging in.", "access", None),
    # --- ambiguous access / fraud
    ("I got an email saying my password was changed {when}. I didn't change it.", "fraud", "access"),
    (
        "Someone logged into my account from a new device. I can still get in, nothing is missing yet.",
        "fraud",
        "access",
    ),
    ("I can't get into my account and I'm worried. There was a login from another city yesterday.", "fraud", "access"),
    (
        "My account is frozen and nobody is telling me why. I need to pay for {merchant} today.",
        "access",
        "payment_failed",
    ),
    ("I keep receiving login codes I never asked for. What's going on?", "access", "fraud"),
    # --- clear other
    ("Do you have a business account? I run a small cafe and want to take card payments.", "other", None),
    ("How do I close my account? I'm moving abroad.", "other", None),
    ("Can I get a statement for the last 6 months as a PDF for my mortgage application?", "other", None),
    ("What's the exchange rate fee if I pay in euros at {merchant}?", "other", None),
    ("Love the new budgeting feature, any plans to add shared pots with a partner?", "other", None),
    ("Is there a limit on how much I can transfer in one day?", "other", None),
    ("Where can I find my account number and sort code?", "other", None),
    ("How long does a new card take to arrive? Mine expires next month.", "other", None),
    ("I want to change the address on my account, I moved {when}.", "other", None),
    ("Do you report to credit agencies? Asking before I apply for the overdraft.", "other", None),
    # --- ambiguous other / complaint-shaped messages that hide an intent
    ("Your app is useless. Third time this week my card didn't work at {merchant}.", "payment_failed", "other"),
    (
        "Honestly considering leaving. Waited 40 minutes in chat about a refund from {merchant} and got nowhere.",
        "dispute",
        "other",
    ),
    ("I'd like to speak to a manager about the way my fraud claim was handled.", "other", "fraud"),
    ("Why do I have to verify my ID again? I did it last year. This is ridiculous.", "access", "other"),
    ("Is it safe to give my card number to {merchant} over the phone?", "other", "fraud"),
    ("How do I turn off online payments on my card? Just want to be safe.", "other", "fraud"),
    ("Can you raise my daily limit? My ${amount} transfer to pay for a car was refused.", "payment_failed", "other"),
    ("What does the ${amount} 'service fee' on my statement mean?", "other", "dispute"),
    # --- more of the everyday inbox
    (
        "Card {last4} was skimmed at a petrol station I think. Four payments at {merchant} {when}, none mine.",
        "fraud",
        None,
    ),
    (
        "Help, ${amount} just went out to an account called 'refund desk'. I was told on the phone it was to protect my money.",
        "fraud",
        None,
    ),
    ("There's a ${amount} cash withdrawal {when} from a machine across town. I was at work.", "fraud", None),
    (
        "My elderly dad's card shows payments to {merchant} that he says he never made. I have power of attorney.",
        "fraud",
        "other",
    ),
    ("My daughter used my card for {merchant} without asking, ${amount}. Can I get it back?", "dispute", "fraud"),
    ("Bought a ticket from {merchant}, event was cancelled, no refund after a month. ${amount}.", "dispute", None),
    (
        "Charged ${amount} in currency conversion at {merchant} even though the price was in dollars.",
        "dispute",
        "other",
    ),
    (
        "{merchant} took a payment of ${amount} twice, one of them was supposed to be a pre-authorisation.",
        "dispute",
        "payment_failed",
    ),
    (
        "Online checkout at {merchant} keeps saying 'authentication failed' when I confirm in the app.",
        "payment_failed",
        "access",
    ),
    ("My salary hasn't arrived, my employer says it was sent {when}.", "payment_failed", "other"),
    ("Contactless stopped working on card {last4}, I have to put the PIN in every time now.", "payment_failed", None),
    (
        "Tried paying ${amount} at {merchant} and the card was refused with 'do not honour'. What does that mean?",
        "payment_failed",
        None,
    ),
    ("Standing order to my savings didn't go out this month. Nothing changed on my side.", "payment_failed", None),
    ("The app won't let me log in on my new laptop, it keeps sending me back to the start page.", "access", None),
    (
        "I don't have my old phone number any more so I can't receive the security code. How do I update it?",
        "access",
        None,
    ),
    (
        "My account says 'restricted' and I can't see my balance. I only logged in from holiday {when}.",
        "access",
        "fraud",
    ),
    (
        "I gave my login to my partner to check something, now I want to change everything. Nothing's missing.",
        "access",
        "fraud",
    ),
    ("Can you add my husband as a joint holder on the account?", "other", None),
    ("Where do I see how much interest I earned this year for my tax return?", "other", None),
    ("The app is in German since the last update and I can't find how to switch it back.", "other", "access"),
    ("Please send me a letter confirming my account is in good standing, for a visa application.", "other", None),
    ("Why did my credit limit go down? I always pay on time.", "other", "dispute"),
    ("Received a text from 'your bank' with a link to confirm my details. Is that you?", "fraud", "other"),
    ("I think I fell for a scam. Paid ${amount} to a seller on a marketplace and they vanished.", "fraud", "dispute"),
    ("Got a letter about a loan I never applied for, with your logo on it.", "fraud", "other"),
]


def _fill(template: str, rng: np.random.Generator) -> str:
    amount = float(np.exp(rng.normal(np.log(60), 1.1)))
    amount_txt = f"{amount:,.2f}" if amount < 1_000 else f"{amount:,.0f}"
    text = template.format(
        merchant=rng.choice(MERCHANTS), amount=amount_txt, when=rng.choice(WHEN), last4=f"{rng.integers(0, 10_000):04d}"
    )
    greeting = str(rng.choice(GREETINGS))
    keep_capital = text.startswith(("I ", "I'", "Apple")) or template.startswith("{")
    if (greeting and not keep_capital) or rng.random() < 0.1:
        text = text[0].lower() + text[1:]
    text = greeting + text
    return (text + rng.choice(SIGNOFFS)).strip()


def _annotate(gold: str, alt: str | None, rng: np.random.Generator) -> dict:
    # (slip rate on clear items, chance of the alternative on ambiguous ones)
    habits = {"annotator_a": (0.03, 0.30), "annotator_b": (0.05, 0.40), "annotator_c": (0.10, 0.45)}
    out = {}
    for name, (slip, alt_rate) in habits.items():
        if alt is not None:
            rate = alt_rate
            if name == "annotator_b" and {gold, alt} == {"fraud", "dispute"}:
                rate = 0.75 if alt == "dispute" else 0.25  # b's habit: unrecognised charge = dispute
            label = alt if rng.random() < rate else gold
        else:
            label = gold
        if rng.random() < slip:
            label = rng.choice([x for x in LABELS if x != label])
        out[name] = str(label)
    return out


def build() -> list[dict]:
    rng = np.random.default_rng(SEED)
    items = [(t, g, a) for t, g, a in TEMPLATES for _ in range(COPIES)]
    order = rng.permutation(len(items))
    rows = []
    seen = set()
    for number, idx in enumerate(order, start=1):
        template, gold, alt = items[idx]
        text = _fill(template, rng)
        while text in seen:  # a message appears once
            text = _fill(template, rng)
        seen.add(text)
        rows.append({"message_id": f"m{number:03d}", "text": text, **_annotate(gold, alt, rng), "adjudicated": gold})
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} messages to {OUT}")


if __name__ == "__main__":
    main()
