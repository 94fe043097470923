"""Build the customer-support evaluation set that notebook 11 and ``aipm_kit.evals`` use.

Run ``python datasets/support_eval/build.py`` from the repository root. Everything is
written for the kit: a fictional online store's help-centre knowledge base, about
150 customer questions over billing, shipping, returns and account, a reference
answer and the key facts a correct answer must state, recorded answers from three
versions of a support assistant, and pass/fail judgements by a human reviewer on a
subset. The script is seeded, so the files are byte-identical on every run.

Each assistant version fails in its own way, the way real releases do:

* ``v1`` (the version in production) quotes **outdated** prices and windows and
  **refuses** some account questions it could answer;
* ``v2`` (a new prompt) fixes most of that but pads answers (**verbosity**) and now
  and then **invents a policy** the store does not have;
* ``v3`` (a smaller, cheaper model) is fast and cheap but gets **numbers wrong**,
  and a few calls **timed out** when the answers were recorded.

The human reviewer's rubric: a pass is correct, grounded in the knowledge base and
to the point. The reviewer is not perfect: a small seeded share of judgements is
flipped, as real labels are.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SEED = 11
N_CASES = 150
N_HUMAN = 60  # cases whose answers (all three versions) a human judged

# ---------------------------------------------------------------------------
# The knowledge base: one fact per entry. ``keys`` are the phrases a correct
# answer must contain (any one of them); ``outdated`` and ``wrong`` are the
# mistaken answers; ``invented`` adds a policy the store does not have.
# ---------------------------------------------------------------------------
FACTS = [
    # ---- billing ----
    dict(
        id="plus-monthly-price",
        topic="billing",
        title="Plus membership: monthly price",
        answer="Plus membership costs $9.99 per month, billed on the same date each month.",
        keys=["$9.99"],
        outdated="Plus membership costs $7.99 per month.",
        wrong="Plus membership costs $19.99 per month.",
        invented="Plus membership costs $9.99 per month, and the first three months are free for every new member.",
        questions=[
            "How much does the Plus membership cost per month?",
            "What's the monthly price of Plus?",
            "If I sign up for Plus, what will I pay each month?",
        ],
    ),
    dict(
        id="plus-annual-price",
        topic="billing",
        title="Plus membership: annual price",
        answer="The annual Plus plan costs $99 per year, which saves about two months compared with paying monthly.",
        keys=["$99"],
        outdated="The annual Plus plan costs $89 per year.",
        wrong="The annual Plus plan costs $119 per year.",
        invented="The annual Plus plan costs $99 per year, and you can pay it in four interest-free instalments.",
        questions=[
            "Is there a yearly Plus plan and what does it cost?",
            "How much is Plus if I pay for a whole year?",
            "What's the annual membership price?",
        ],
    ),
    dict(
        id="payment-methods",
        topic="billing",
        title="Accepted payment methods",
        answer="We accept Visa, Mastercard, American Express and PayPal.",
        keys=["PayPal"],
        outdated="We accept Visa and Mastercard.",
        wrong="We accept Visa, Mastercard and bank transfer only.",
        invented="We accept Visa, Mastercard, American Express, PayPal and cryptocurrency payments.",
        questions=[
            "Which payment methods do you take?",
            "Can I pay with PayPal or only by card?",
            "What cards and wallets can I use at checkout?",
        ],
    ),
    dict(
        id="charge-timing",
        topic="billing",
        title="When you are charged",
        answer="Your card is charged on the day your order ships, not when you place it.",
        keys=["order ships", "when it ships"],
        outdated="Your card is charged as soon as you place the order.",
        wrong="Your card is charged when the order is delivered.",
        invented="Your card is charged on the day your order ships, and orders under $20 are only charged at the end of the month.",
        questions=[
            "When exactly do you charge my card?",
            "Do you take the money when I order or later?",
            "I placed an order yesterday but see no charge. When will I be charged?",
        ],
    ),
    dict(
        id="refund-timing",
        topic="billing",
        title="How long refunds take",
        answer="Refunds reach your original payment method within 5 to 7 business days after we process them.",
        keys=["5 to 7 business days", "5-7 business days"],
        outdated="Refunds reach your original payment method within 10 business days.",
        wrong="Refunds reach your original payment method within 2 to 3 business days.",
        invented="Refunds arrive within 5 to 7 business days, or instantly if you choose a refund to a gift card with a 10% bonus.",
        questions=[
            "How long does a refund take to show up?",
            "When will I get my money back after a refund?",
            "My refund was approved. How many days until I see it?",
        ],
    ),
    dict(
        id="invoice-download",
        topic="billing",
        title="Downloading invoices",
        answer="You can download an invoice for any order from the Orders page by choosing Invoice.",
        keys=["Orders page"],
        outdated="Invoices are emailed on request; write to the billing team.",
        wrong="Invoices are only available by post.",
        invented="You can download an invoice from the Orders page, and we also mail a printed copy for orders over $200.",
        questions=[
            "Where can I get an invoice for my order?",
            "I need a receipt for my expenses. How do I download it?",
            "How do I get a VAT invoice for a purchase?",
        ],
    ),
    dict(
        id="failed-payment",
        topic="billing",
        title="Failed membership payments",
        answer="If a membership payment fails, we retry it 3 times over 7 days before pausing your membership.",
        keys=["3 times", "three times"],
        outdated="If a membership payment fails, your membership is paused straight away.",
        wrong="If a membership payment fails, we retry it 5 times over 30 days.",
        invented="If a membership payment fails, we retry it 3 times over 7 days and waive the next month's fee as an apology.",
        questions=[
            "What happens if my membership payment fails?",
            "My card was declined for Plus. Will you try again?",
            "Do you retry failed payments before cancelling my membership?",
        ],
    ),
    dict(
        id="price-match",
        topic="billing",
        title="Price matching",
        answer="We do not offer price matching, including on items sold by other retailers.",
        keys=["do not offer price matching", "don't offer price matching", "no price matching"],
        outdated="We match prices from major retailers if you send us a link.",
        wrong="We match prices from any retailer.",
        invented="We match any competitor's price within 14 days of purchase.",
        questions=[
            "Do you price match if I find it cheaper elsewhere?",
            "Another shop sells this for less. Can you match it?",
            "Is there a price match guarantee?",
        ],
    ),
    dict(
        id="student-discount",
        topic="billing",
        title="Student discount",
        answer="Students get 15% off Plus membership after verifying a school email address.",
        keys=["15%"],
        outdated="Students get 10% off Plus membership.",
        wrong="Students get 25% off Plus membership.",
        invented="Students get 15% off Plus membership, and teachers get the same discount on every order.",
        questions=[
            "Is there a student discount?",
            "I'm at university. Do I get money off Plus?",
            "How much is the student discount on membership?",
        ],
    ),
    dict(
        id="currency",
        topic="billing",
        title="Currency of charges",
        answer="All prices are charged in US dollars; your bank may add a currency conversion fee.",
        keys=["US dollars"],
        outdated="Prices are charged in your local currency.",
        wrong="Prices are charged in euros.",
        invented="All prices are charged in US dollars, and we refund any conversion fee your bank adds.",
        questions=[
            "What currency do you charge in?",
            "Will I be billed in my own currency?",
            "Why was there a conversion fee on my statement?",
        ],
    ),
    # ---- shipping ----
    dict(
        id="free-shipping",
        topic="shipping",
        title="Free standard shipping",
        answer="Standard shipping is free on orders over $50.",
        keys=["$50"],
        outdated="Standard shipping is free on orders over $35.",
        wrong="Standard shipping is free on orders over $75.",
        invented="Standard shipping is free on orders over $50, and on every order placed on a weekend.",
        questions=[
            "How much do I need to spend for free shipping?",
            "Is shipping free?",
            "What's the minimum order for free delivery?",
        ],
    ),
    dict(
        id="standard-time",
        topic="shipping",
        title="Standard delivery time",
        answer="Standard shipping takes 3 to 5 business days.",
        keys=["3 to 5 business days", "3-5 business days"],
        outdated="Standard shipping takes 5 to 8 business days.",
        wrong="Standard shipping takes 1 to 2 business days.",
        invented="Standard shipping takes 3 to 5 business days, and late orders get a $10 credit automatically.",
        questions=[
            "How long does standard shipping take?",
            "When will my order arrive with normal delivery?",
            "How many days is standard delivery?",
        ],
    ),
    dict(
        id="express-cost",
        topic="shipping",
        title="Express shipping",
        answer="Express shipping costs $12.95 and arrives in 1 to 2 business days.",
        keys=["$12.95"],
        outdated="Express shipping costs $9.95.",
        wrong="Express shipping costs $15.95.",
        invented="Express shipping costs $12.95, and it is free if your order arrives after noon.",
        questions=[
            "How much is express shipping?",
            "What does faster delivery cost?",
            "I need it quickly. What's the express fee?",
        ],
    ),
    dict(
        id="international",
        topic="shipping",
        title="International shipping",
        answer="We ship to 38 countries; international orders take 7 to 14 business days.",
        keys=["38 countries"],
        outdated="We ship to 25 countries.",
        wrong="We ship to 120 countries.",
        invented="We ship to 38 countries and cover all import duties ourselves.",
        questions=["Do you ship internationally?", "How many countries do you deliver to?", "Can I order from abroad?"],
    ),
    dict(
        id="tracking",
        topic="shipping",
        title="Tracking links",
        answer="We email a tracking link within 24 hours of your order shipping.",
        keys=["24 hours"],
        outdated="We email a tracking link within 48 hours of shipping.",
        wrong="We email a tracking link within 72 hours of shipping.",
        invented="We email a tracking link within 24 hours and text you a live driver map on delivery day.",
        questions=[
            "When do I get a tracking number?",
            "My order shipped but I have no tracking link. When does it come?",
            "How soon after shipping is tracking sent?",
        ],
    ),
    dict(
        id="po-box",
        topic="shipping",
        title="PO box delivery",
        answer="We deliver to PO boxes with standard shipping only, not express.",
        keys=["standard shipping only", "not express"],
        outdated="We do not deliver to PO boxes.",
        wrong="We deliver to PO boxes with express shipping only.",
        invented="We deliver to PO boxes with any shipping option, including same-day.",
        questions=[
            "Can you ship to a PO box?",
            "Do you deliver to post office boxes?",
            "Can I use express shipping to my PO box?",
        ],
    ),
    dict(
        id="change-address",
        topic="shipping",
        title="Changing the delivery address",
        answer="You can change the delivery address until the order is packed, usually within 2 hours of ordering.",
        keys=["2 hours", "two hours"],
        outdated="The delivery address cannot be changed once the order is placed.",
        wrong="You can change the delivery address up to 24 hours after ordering.",
        invented="You can change the delivery address at any time, even after the parcel has left our warehouse.",
        questions=[
            "I typed the wrong address. Can I change it?",
            "How long do I have to update my shipping address?",
            "Can I redirect my order to a different address?",
        ],
    ),
    dict(
        id="lost-package",
        topic="shipping",
        title="Lost parcels",
        answer="If tracking shows no movement for 10 days, we send a replacement or a full refund.",
        keys=["10 days"],
        outdated="If tracking shows no movement for 21 days, we open an investigation.",
        wrong="If tracking shows no movement for 3 days, we send a replacement.",
        invented="If tracking shows no movement for 10 days, we send a replacement plus a $25 voucher.",
        questions=[
            "My parcel seems lost. What can you do?",
            "Tracking hasn't moved in ages. When do you replace it?",
            "What's your policy on lost packages?",
        ],
    ),
    dict(
        id="plus-shipping",
        topic="shipping",
        title="Shipping for Plus members",
        answer="Plus members get free express shipping on every order.",
        keys=["free express shipping"],
        outdated="Plus members get free standard shipping on every order.",
        wrong="Plus members get half-price express shipping.",
        invented="Plus members get free express shipping and free same-day delivery in every city.",
        questions=[
            "What shipping do Plus members get?",
            "Does Plus include faster delivery?",
            "Is express shipping free with Plus?",
        ],
    ),
    dict(
        id="saturday-delivery",
        topic="shipping",
        title="Saturday delivery",
        answer="Saturday delivery is available in selected cities for $7.",
        keys=["$7"],
        outdated="Saturday delivery is not available.",
        wrong="Saturday delivery costs $17.",
        invented="Saturday delivery is free everywhere for orders over $30.",
        questions=[
            "Do you deliver on Saturdays?",
            "Can I get my order on the weekend?",
            "How much is Saturday delivery?",
        ],
    ),
    # ---- returns ----
    dict(
        id="return-window",
        topic="returns",
        title="Return window",
        answer="You can return most items within 30 days of delivery for a full refund.",
        keys=["30 days", "thirty days"],
        outdated="You can return most items within 14 days of delivery.",
        wrong="You can return most items within 60 days of delivery.",
        invented="You can return most items within 30 days, and we extend that to 90 days for anything over $100.",
        questions=[
            "How long do I have to return something?",
            "What's your return window?",
            "Can I still return an item I got three weeks ago?",
        ],
    ),
    dict(
        id="return-label-fee",
        topic="returns",
        title="Return shipping cost",
        answer="Return shipping is free for exchanges; for refunds we deduct a $5.95 label fee.",
        keys=["$5.95"],
        outdated="For refunds we deduct a $4.95 return label fee.",
        wrong="For refunds we deduct a $9.95 return label fee.",
        invented="Return shipping is always free, and we also refund your original shipping cost.",
        questions=[
            "Do I have to pay for return shipping?",
            "Is there a fee for sending an item back?",
            "How much is the return label?",
        ],
    ),
    dict(
        id="final-sale",
        topic="returns",
        title="Final-sale items",
        answer="Final-sale items cannot be returned or exchanged.",
        keys=["cannot be returned", "can't be returned", "not returnable"],
        outdated="Final-sale items can be exchanged for a different size.",
        wrong="Final-sale items can be returned within 7 days.",
        invented="Final-sale items can be returned for store credit within 30 days.",
        questions=[
            "Can I return something I bought on final sale?",
            "Are clearance items returnable?",
            "I bought a final-sale jacket and it doesn't fit. Can I send it back?",
        ],
    ),
    dict(
        id="electronics-return",
        topic="returns",
        title="Returning opened electronics",
        answer="Opened electronics can be returned within 15 days if all accessories are included.",
        keys=["15 days"],
        outdated="Opened electronics cannot be returned.",
        wrong="Opened electronics can be returned within 45 days.",
        invented="Opened electronics can be returned within 15 days, even without the accessories.",
        questions=[
            "Can I return headphones I've opened?",
            "What's the return policy for electronics?",
            "I unboxed a tablet. Can I still return it?",
        ],
    ),
    dict(
        id="refund-method",
        topic="returns",
        title="Where refunds go",
        answer="Refunds go back to your original payment method; store credit is issued only if you ask for it.",
        keys=["original payment method"],
        outdated="Refunds are issued as store credit.",
        wrong="Refunds are sent by cheque.",
        invented="Refunds go back to your original payment method, or as cash at any partner shop.",
        questions=[
            "Will my refund be store credit or money back?",
            "Where does my refund go?",
            "Do you refund to my card?",
        ],
    ),
    dict(
        id="size-exchange",
        topic="returns",
        title="Size exchanges",
        answer="Size exchanges are free, and the new size ships as soon as we scan your return.",
        keys=["exchanges are free", "free exchange"],
        outdated="Size exchanges cost $5.95.",
        wrong="Size exchanges cost $12.95.",
        invented="Size exchanges are free, and we ship the new size before you send the old one back.",
        questions=[
            "Can I swap for a different size?",
            "Do size exchanges cost anything?",
            "How do exchanges work if my shoes are too small?",
        ],
    ),
    dict(
        id="damaged-item",
        topic="returns",
        title="Damaged items",
        answer="Report a damaged item within 48 hours of delivery with a photo and we will replace it.",
        keys=["48 hours"],
        outdated="Report a damaged item within 24 hours of delivery.",
        wrong="Report a damaged item within 7 days of delivery.",
        invented="Report a damaged item within 48 hours, and we will replace it and refund the order in full.",
        questions=[
            "My item arrived broken. What should I do?",
            "How long do I have to report damage?",
            "The box was crushed and the product is damaged. Can you help?",
        ],
    ),
    dict(
        id="gift-return",
        topic="returns",
        title="Returning a gift",
        answer="Gift returns are refunded as store credit to the person who received the gift.",
        keys=["store credit"],
        outdated="Gift returns are refunded to the buyer's card.",
        wrong="Gift returns are refunded in cash.",
        invented="Gift returns are refunded as store credit with a 10% bonus for the recipient.",
        questions=[
            "I got a gift I don't like. Can I return it?",
            "How are gift returns refunded?",
            "Can someone return a present I sent them?",
        ],
    ),
    dict(
        id="return-start",
        topic="returns",
        title="Starting a return",
        answer="Start a return from the Orders page by choosing Return items and printing the label.",
        keys=["Orders page"],
        outdated="Start a return by emailing the returns team.",
        wrong="Start a return by calling the warehouse.",
        invented="Start a return from the Orders page, or drop the item at any post office without a label.",
        questions=[
            "How do I start a return?",
            "Where do I begin sending something back?",
            "What's the first step to return an order?",
        ],
    ),
    dict(
        id="restocking-fee",
        topic="returns",
        title="Restocking fees",
        answer="There is no restocking fee, except 10% on opened large appliances.",
        keys=["10%"],
        outdated="There is a 15% restocking fee on opened large appliances.",
        wrong="There is a 20% restocking fee on all opened items.",
        invented="There is no restocking fee on anything, including opened large appliances.",
        questions=[
            "Do you charge a restocking fee?",
            "Will I lose money returning an opened fridge?",
            "Is there a fee for returning opened items?",
        ],
    ),
    # ---- account ----
    dict(
        id="password-reset",
        topic="account",
        title="Resetting a password",
        answer="Reset your password with Forgot password on the sign-in page; the link expires after 30 minutes.",
        keys=["30 minutes"],
        outdated="The password reset link expires after 24 hours.",
        wrong="The password reset link expires after 5 minutes.",
        invented="Reset your password with Forgot password, or ask us to read your current password to you by phone.",
        questions=[
            "How do I reset my password?",
            "My reset link stopped working. How long is it valid?",
            "I forgot my password. What now?",
        ],
    ),
    dict(
        id="two-step",
        topic="account",
        title="Two-step verification",
        answer="Turn on two-step verification under Settings > Security.",
        keys=["Settings > Security", "Security settings"],
        outdated="Two-step verification is not available yet.",
        wrong="Turn on two-step verification under Settings > Profile.",
        invented="Turn on two-step verification under Settings > Security to get 5% off every order.",
        questions=[
            "How do I turn on two-factor authentication?",
            "Can I add an extra login step for security?",
            "Where is the two-step verification setting?",
        ],
    ),
    dict(
        id="delete-account",
        topic="account",
        title="Deleting an account",
        answer="You can request deletion under Settings > Privacy; deletion is completed within 14 days.",
        keys=["14 days"],
        outdated="Account deletion is completed within 30 days.",
        wrong="Account deletion is completed within 90 days.",
        invented="Account deletion is completed within 14 days, and we refund any unused Plus months.",
        questions=[
            "How do I delete my account?",
            "I want my account closed. How long does it take?",
            "Can you remove all my data and close my account?",
        ],
    ),
    dict(
        id="email-change",
        topic="account",
        title="Changing your email",
        answer="Change your email under Settings > Profile; we confirm it with a code sent to the new address.",
        keys=["Settings > Profile"],
        outdated="Email addresses cannot be changed; open a new account instead.",
        wrong="Change your email under Settings > Billing.",
        invented="Change your email under Settings > Profile, and we keep both addresses active for a year.",
        questions=[
            "How can I change my email address?",
            "I have a new email. How do I update it?",
            "Where do I edit the email on my account?",
        ],
    ),
    dict(
        id="data-export",
        topic="account",
        title="Exporting your data",
        answer="Request a copy of your data under Settings > Privacy; it arrives by email within 72 hours.",
        keys=["72 hours"],
        outdated="Data exports arrive within 30 days.",
        wrong="Data exports arrive within 7 days.",
        invented="Request a copy of your data under Settings > Privacy, and we also post it on a USB stick.",
        questions=[
            "Can I download a copy of my data?",
            "How long does a data export take?",
            "I'd like all the information you hold about me.",
        ],
    ),
    dict(
        id="account-lock",
        topic="account",
        title="Locked accounts",
        answer="After 5 failed sign-in attempts the account locks for 15 minutes.",
        keys=["15 minutes"],
        outdated="After 5 failed sign-in attempts the account locks for 30 minutes.",
        wrong="After 3 failed sign-in attempts the account locks for 1 hour.",
        invented="After 5 failed attempts the account locks for 15 minutes, and support can unlock it for a $5 fee.",
        questions=[
            "My account is locked. Why?",
            "How long does an account lock last after wrong passwords?",
            "I keep getting locked out. When can I try again?",
        ],
    ),
    dict(
        id="shared-plus",
        topic="account",
        title="Sharing Plus",
        answer="A Plus membership can be shared with up to 2 household members.",
        keys=["up to 2", "two household members", "2 household members"],
        outdated="A Plus membership cannot be shared.",
        wrong="A Plus membership can be shared with up to 5 household members.",
        invented="A Plus membership can be shared with up to 2 household members and any number of friends.",
        questions=[
            "Can I share my Plus membership?",
            "How many people can use one Plus account?",
            "Can my partner use my membership benefits?",
        ],
    ),
    dict(
        id="minimum-age",
        topic="account",
        title="Minimum age",
        answer="You must be 18 or older to open an account.",
        keys=["18 or older"],
        outdated="You must be 16 or older to open an account.",
        wrong="You must be 21 or older to open an account.",
        invented="You must be 18 or older, but teenagers can open an account with a school ID.",
        questions=[
            "How old do I have to be to open an account?",
            "Can my 15-year-old have an account?",
            "Is there an age limit for accounts?",
        ],
    ),
    dict(
        id="newsletter",
        topic="account",
        title="Marketing emails",
        answer="Unsubscribe from marketing emails with the link at the bottom of any email.",
        keys=["link at the bottom", "unsubscribe link"],
        outdated="Unsubscribe by replying STOP to any email.",
        wrong="Unsubscribe by calling customer service.",
        invented="Unsubscribe with the link at the bottom of any email and get a $5 voucher for trying us.",
        questions=[
            "How do I stop your promotional emails?",
            "I get too many newsletters. How can I opt out?",
            "Where do I unsubscribe from marketing?",
        ],
    ),
]

OPENERS = ["", "Hi, ", "Hello! ", "Quick question: ", "Hey there. ", "Sorry to bother you, "]
ANSWER_OPENERS = ["", "", "Sure! ", "Thanks for asking. ", "Happy to help. ", "Good question. "]
ANSWER_CLOSERS = ["", "", "", " Is there anything else I can help with?", " Let me know if you have more questions."]
FILLER = [
    "We really appreciate you reaching out to us today and we always want you to have a great experience.",
    "Our customer care team works hard every day to make sure your questions get a clear answer.",
    "Policies can change from time to time, so it is always a good idea to keep an eye on our help centre.",
    "We know how important it is to feel confident about every purchase you make with us.",
    "If anything about your order ever feels unclear, please do not hesitate to get in touch again.",
    "Many customers ask similar questions, and we are always glad to walk through the details together.",
    "Thank you for being part of our community and for choosing to shop with us.",
]
REFUSALS = [
    "I'm sorry, but I can't help with that request. Please contact our support team.",
    "I'm not able to answer questions about that topic. A human agent can help you further.",
    "Unfortunately I cannot provide that information. Please reach out to customer service.",
    "I'm sorry, I don't have access to that. Please check with our support team directly.",
]
MODES = ["correct", "verbose", "outdated", "refusal", "wrong_number", "invented"]
# share of each answer mode per version (a latent difficulty orders them per case)
PROFILES = {
    "v1": {"correct": 0.71, "verbose": 0.03, "outdated": 0.12, "refusal": 0.10, "wrong_number": 0.03, "invented": 0.01},
    "v2": {"correct": 0.79, "verbose": 0.08, "outdated": 0.03, "refusal": 0.02, "wrong_number": 0.02, "invented": 0.06},
    "v3": {"correct": 0.66, "verbose": 0.02, "outdated": 0.07, "refusal": 0.04, "wrong_number": 0.15, "invented": 0.06},
}
# recorded latency (median seconds) and price per 1,000 tokens (USD)
COSTS = {"v1": (1.2, 0.0020), "v2": (1.6, 0.0030), "v3": (0.45, 0.0004)}
TIMEOUTS = {"v3": 3}  # recorded calls that timed out
HUMAN_FLIP = 0.04  # share of human judgements that are honest mistakes


def knowledge_base() -> list[dict]:
    return [{"id": f["id"], "topic": f["topic"], "title": f["title"], "text": f["answer"]} for f in FACTS]


def _check_facts() -> None:
    seen = set()
    for f in FACTS:
        assert f["id"] not in seen, f["id"]
        seen.add(f["id"])
        low = f["answer"].lower()
        assert any(k.lower() in low for k in f["keys"]), f["id"]
        for bad in ("outdated", "wrong"):
            text = f[bad].lower()
            assert not any(re.search(r"(?<!\w)" + re.escape(k.lower()) + r"(?!\w)", text) for k in f["keys"]), (
                f["id"],
                bad,
            )


def make_cases(rng: np.random.Generator) -> list[dict]:
    pool = [(f, q) for f in FACTS for q in f["questions"]]
    order = rng.permutation(len(pool))
    chosen = [pool[i] for i in order]
    extra = N_CASES - len(chosen)
    if extra > 0:  # rephrase a few questions with an opener to reach N_CASES
        picks = rng.choice(len(pool), size=extra, replace=False)
        chosen += [(pool[i][0], "__opener__" + pool[i][1]) for i in picks]
    chosen = chosen[:N_CASES]
    counters: dict[str, int] = {}
    cases = []
    for fact, question in chosen:
        if question.startswith("__opener__"):
            opener = OPENERS[1 + int(rng.integers(len(OPENERS) - 1))]
            q = question.removeprefix("__opener__")
            question = opener + q[0].lower() + q[1:]
        topic = fact["topic"]
        counters[topic] = counters.get(topic, 0) + 1
        cases.append(
            {
                "id": f"{topic}-{counters[topic]:03d}",
                "input": question,
                "expected": list(fact["keys"]),
                "tags": [topic],
                "metadata": {"kb_id": fact["id"], "reference": fact["answer"]},
            }
        )
    cases.sort(key=lambda c: c["id"])
    return cases


def _mode(profile: dict, u: float) -> str:
    edges = np.cumsum([profile[m] for m in MODES])
    return MODES[min(int(np.searchsorted(edges, u * edges[-1], side="right")), len(MODES) - 1)]


def _respond(fact: dict, mode: str, rng: np.random.Generator) -> str:
    opener = ANSWER_OPENERS[int(rng.integers(len(ANSWER_OPENERS)))]
    closer = ANSWER_CLOSERS[int(rng.integers(len(ANSWER_CLOSERS)))]
    if mode == "refusal":
        return REFUSALS[int(rng.integers(len(REFUSALS)))]
    body = {
        "correct": fact["answer"],
        "verbose": fact["answer"],
        "outdated": fact["outdated"],
        "wrong_number": fact["wrong"],
        "invented": fact["invented"],
    }[mode]
    if mode == "verbose":
        k = int(rng.integers(4, 7))
        fill = [FILLER[i] for i in rng.choice(len(FILLER), size=k, replace=False)]
        return " ".join([fill[0], fill[1], body] + fill[2:]) + closer
    return opener + body + closer


def make_responses(cases: list[dict], rng: np.random.Generator) -> tuple[dict, dict]:
    facts = {f["id"]: f for f in FACTS}
    difficulty = rng.random(len(cases))
    out, modes = {}, {}
    for version, profile in PROFILES.items():
        median, price = COSTS[version]
        timeouts = set(rng.choice(len(cases), size=TIMEOUTS.get(version, 0), replace=False).tolist())
        rows = []
        for i, case in enumerate(cases):
            u = float(np.clip(difficulty[i] + rng.normal(0, 0.12), 0, 0.999))
            mode = _mode(profile, u)
            modes[(version, case["id"])] = mode
            latency = round(float(median * np.exp(rng.normal(0, 0.35))), 3)
            if i in timeouts:
                rows.append(
                    {
                        "id": case["id"],
                        "version": version,
                        "response": None,
                        "latency_s": 30.0,
                        "cost_usd": 0.0,
                        "error": "timeout after 30 s",
                    }
                )
                modes[(version, case["id"])] = "error"
                continue
            text = _respond(facts[case["metadata"]["kb_id"]], mode, rng)
            tokens = int(1.3 * (len(case["input"].split()) + len(text.split()))) + 220  # prompt + KB context
            rows.append(
                {
                    "id": case["id"],
                    "version": version,
                    "response": text,
                    "latency_s": latency,
                    "cost_usd": round(tokens / 1000 * price, 6),
                }
            )
        out[version] = rows
    return out, modes


def make_human_labels(cases: list[dict], modes: dict, rng: np.random.Generator) -> list[dict]:
    picked = sorted(rng.choice(len(cases), size=N_HUMAN, replace=False).tolist())
    labels = []
    for i in picked:
        for version in PROFILES:
            mode = modes[(version, cases[i]["id"])]
            if mode == "error":
                continue
            good = mode == "correct"
            if rng.random() < HUMAN_FLIP:
                good = not good
            labels.append(
                {"id": cases[i]["id"], "version": version, "label": "pass" if good else "fail", "rater": "reviewer-1"}
            )
    return labels


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def main() -> None:
    _check_facts()
    rng = np.random.default_rng(SEED)
    cases = make_cases(rng)
    responses, modes = make_responses(cases, rng)
    labels = make_human_labels(cases, modes, rng)
    _write_jsonl(HERE / "kb.jsonl", knowledge_base())
    _write_jsonl(HERE / "cases.jsonl", cases)
    for version, rows in responses.items():
        _write_jsonl(HERE / f"responses_{version}.jsonl", rows)
    _write_jsonl(HERE / "human_labels.jsonl", labels)
    # the answer mode behind each recorded response, for teaching and tests only
    _write_jsonl(
        HERE / "answer_modes.jsonl", [{"id": cid, "version": v, "mode": m} for (v, cid), m in sorted(modes.items())]
    )
    counts = {
        v: {m: sum(1 for (vv, _), mm in modes.items() if vv == v and mm == m) for m in MODES + ["error"]}
        for v in PROFILES
    }
    print(f"{len(cases)} cases, {len(labels)} human labels")
    for v, c in counts.items():
        print(v, c)
    write_prompt_versions(cases)


# ---------------------------------------------------------------------------
# Prompt versions (notebook 11, "Prompt versions"; aipm_kit.evals.prompts).
# Two prompts for the same assistant answer every case; the answers are simulated
# from the facts above with their own seeded generator (PROMPT_SEED), drawn after
# everything else is written, so the files above do not change by a byte.
#
# * prompt A (terse, grounded) sometimes quotes an outdated fact and cites the
#   wrong article (or none) fairly often;
# * prompt B (warm, reassuring, "always cite") cites the right article far more
#   often, but in some answers adds a refund promise the store does not have.
# ---------------------------------------------------------------------------
PROMPT_SEED = 1102
PROMPTS = {
    "A": (
        "You are the store's support assistant. Answer the customer's question in one or two sentences, "
        "using only the help-centre article provided. Cite the article as [source: <id>] when you can."
    ),
    "B": (
        "You are the store's friendly support assistant. Answer warmly and reassure the customer about "
        "refunds and returns, so they feel safe buying. Always end with the article you used as [source: <id>]."
    ),
}
PROMPT_MODES = ["correct", "outdated", "wrong_number", "invented", "refund_promise"]
PROMPT_PROFILES = {
    "A": {"correct": 0.82, "outdated": 0.08, "wrong_number": 0.04, "invented": 0.06, "refund_promise": 0.00},
    "B": {"correct": 0.72, "outdated": 0.04, "wrong_number": 0.04, "invented": 0.06, "refund_promise": 0.14},
}
CITE_MODES = ["right", "other", "none"]  # the article the answer cites: its own, another of its topic, none
CITE_PROFILES = {"A": {"right": 0.70, "other": 0.22, "none": 0.08}, "B": {"right": 0.92, "other": 0.05, "none": 0.03}}
# prompt B's invented reassurance (some of its numbers happen to appear in other articles)
REFUND_PROMISES = [
    "And if you change your mind, you can get a full refund within 45 days.",
    "If anything goes wrong, we refund you in full within 60 days, no questions asked.",
    "Every order is covered for 90 days by our money-back promise.",
    "You can also return it within 30 days for a cash refund.",
    "We'll refund the difference if the price drops within 14 days.",
    "Returns are always free and refunded within 21 days, whatever the item.",
]


def _prompt_hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _pick(profile: dict, modes: list, u: float) -> str:
    edges = np.cumsum([profile[m] for m in modes])
    return modes[min(int(np.searchsorted(edges, u * edges[-1], side="right")), len(modes) - 1)]


def make_prompt_answers(cases: list[dict], rng: np.random.Generator) -> tuple[dict, list]:
    facts = {f["id"]: f for f in FACTS}
    by_topic: dict[str, list[str]] = {}
    for f in FACTS:
        by_topic.setdefault(f["topic"], []).append(f["id"])
    difficulty = rng.random(len(cases))
    answers, modes = {}, []
    for pid, profile in PROMPT_PROFILES.items():
        rows = []
        for i, case in enumerate(cases):
            fact = facts[case["metadata"]["kb_id"]]
            u = float(np.clip(difficulty[i] + rng.normal(0, 0.12), 0, 0.999))
            mode = _pick(profile, PROMPT_MODES, u)
            cite = _pick(CITE_PROFILES[pid], CITE_MODES, float(rng.random()))
            opener = ANSWER_OPENERS[int(rng.integers(len(ANSWER_OPENERS)))]
            if mode == "refund_promise":
                body = fact["answer"] + " " + REFUND_PROMISES[int(rng.integers(len(REFUND_PROMISES)))]
            else:
                body = {
                    "correct": fact["answer"],
                    "outdated": fact["outdated"],
                    "wrong_number": fact["wrong"],
                    "invented": fact["invented"],
                }[mode]
            others = [k for k in by_topic[fact["topic"]] if k != fact["id"]]
            cited = {"right": fact["id"], "other": others[int(rng.integers(len(others)))], "none": None}[cite]
            text = opener + body + (f" [source: {cited}]" if cited else "")
            rows.append(
                {"id": case["id"], "prompt_id": pid, "prompt_hash": _prompt_hash(PROMPTS[pid]), "response": text}
            )
            modes.append({"id": case["id"], "prompt_id": pid, "mode": mode, "cite": cite})
        answers[pid] = rows
    return answers, modes


def write_prompt_versions(cases: list[dict]) -> None:
    rng = np.random.default_rng(PROMPT_SEED)
    _write_jsonl(
        HERE / "prompts.jsonl", [{"id": pid, "text": text, "hash": _prompt_hash(text)} for pid, text in PROMPTS.items()]
    )
    answers, modes = make_prompt_answers(cases, rng)
    for pid, rows in answers.items():
        _write_jsonl(HERE / f"prompt_answers_{pid}.jsonl", rows)
    # the simulated kind of each answer and citation, for teaching and tests only
    _write_jsonl(HERE / "prompt_answer_modes.jsonl", modes)
    for pid in PROMPTS:
        mine = [m for m in modes if m["prompt_id"] == pid]
        print(
            "prompt",
            pid,
            {k: sum(m["mode"] == k for m in mine) for k in PROMPT_MODES},
            {k: sum(m["cite"] == k for m in mine) for k in CITE_MODES},
        )


if __name__ == "__main__":
    main()
