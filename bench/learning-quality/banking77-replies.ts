// One canned answer per BANKING77 intent (the dataset has questions only): a right answer means the right intent.
// Keys are the dataset's category names exactly, odd ones ("Refund_not_showing_up", "reverted_card_payment?")
// included.

export const banking77Replies: Readonly<Record<string, string>> = {
  activate_my_card:
    "To activate your card, open the app, tap Cards and enter the 6-digit code printed on the letter it came with.",
  age_limit:
    "You need to be 18 or older to open an account with us, and we ask for ID to confirm it.",
  apple_pay_or_google_pay:
    "Yes, you can add your card to Apple Pay or Google Pay from the Cards screen in the app: tap Add to wallet.",
  atm_support:
    "You can withdraw cash at any ATM that shows the Visa or Mastercard logo, in any country we support.",
  automatic_top_up:
    "Auto top-up refills your balance when it falls below an amount you choose; turn it on under Top up in the app.",
  balance_not_updated_after_bank_transfer:
    "Bank transfers can take up to 2 working days to reach your balance. If it's longer, send us the payment reference.",
  balance_not_updated_after_cheque_or_cash_deposit:
    "Cheque and cash deposits take up to 5 working days to clear before they show in your balance.",
  beneficiary_not_allowed:
    "Some beneficiaries can't be added for security or regulatory reasons. Check the account details, or send them to us to look into.",
  cancel_transfer:
    "You can cancel a transfer while it is still pending: open it in the app and tap Cancel. Completed transfers can't be cancelled.",
  card_about_to_expire:
    "We send a new card automatically about a month before yours expires; you can also order one in the app.",
  card_acceptance: "Your card works wherever Visa or Mastercard is accepted, online and in shops.",
  card_arrival:
    "Cards usually arrive within 5 working days. If yours hasn't arrived after 10, let us know and we'll send a new one.",
  card_delivery_estimate:
    "Standard delivery takes 3 to 5 working days; express delivery arrives the next working day.",
  card_linking:
    "To link a card you already have, go to Cards in the app, tap Link a card and enter the code from the letter.",
  card_not_working:
    "Sorry your card isn't working! Check it isn't frozen in the app and that the payment type is enabled under Security.",
  card_payment_fee_charged:
    "Card payments in a currency other than yours may carry a small fee; the app shows it under the payment's details.",
  card_payment_not_recognised:
    "If you don't recognise a card payment, freeze your card in the app right away and report the payment so we can investigate.",
  card_payment_wrong_exchange_rate:
    "Card payments use the rate at the moment the merchant charges you, which can differ from the rate you saw earlier.",
  card_swallowed:
    "If an ATM kept your card, freeze it in the app and order a replacement; the old card can't be returned.",
  cash_withdrawal_charge:
    "Cash withdrawals are free up to your monthly allowance; after that there is a 2% fee on each withdrawal.",
  cash_withdrawal_not_recognised:
    "If you don't recognise a cash withdrawal, freeze your card now and report it in the app so we can block it and investigate.",
  change_pin:
    "You can change your PIN at any ATM that offers PIN services, or view it in the app under Cards > Show PIN.",
  compromised_card:
    "If you think your card is compromised, freeze it in the app straight away and order a new one; we'll check the recent payments.",
  contactless_not_working:
    "Contactless sometimes needs one chip-and-PIN payment first. If it still fails, check contactless is enabled in the app.",
  country_support:
    "You can open an account if you live in the UK or the EEA; the full list of countries is in our help centre.",
  declined_card_payment:
    "A card payment can be declined for low balance, a frozen card or a blocked payment type; the app tells you which under the payment.",
  declined_cash_withdrawal:
    "Withdrawals are declined when the PIN is wrong, the balance is too low or the ATM doesn't take our card. Try another ATM.",
  declined_transfer:
    "Transfers are declined when the recipient's details don't match or a security check failed. Check the details and try again.",
  direct_debit_payment_not_recognised:
    "If you don't recognise a direct debit, you can cancel it in the app and claim the money back under the Direct Debit Guarantee.",
  disposable_card_limits:
    "You can create up to 20 disposable virtual cards a day; each works for one payment and then gets a new number.",
  edit_personal_details:
    "You can update your address and email in the app under Profile. A name change needs a photo of your new ID.",
  exchange_charge:
    "Exchanging currency is free on weekdays up to your plan's limit; above it, and at weekends, there is a small fee.",
  exchange_rate:
    "We use the interbank rate with no markup on weekdays; you can see today's rate in the app before you exchange.",
  exchange_via_app:
    "To exchange money, open the app, tap Exchange, pick the two currencies and enter the amount.",
  extra_charge_on_statement:
    "An extra charge is usually a pending payment or a foreign transaction fee. Send us the date and amount and we'll check it.",
  failed_transfer:
    "If a transfer failed, the money returns to your balance within 2 working days. Check the recipient's details before trying again.",
  fiat_currency_support:
    "You can hold and exchange over 30 currencies in the app; the Exchange screen lists them all.",
  get_disposable_virtual_card:
    "To get a disposable virtual card, go to Cards in the app, tap Add card and choose Disposable virtual card.",
  get_physical_card:
    "To get a physical card, open Cards in the app and tap Order physical card; it arrives in about 5 working days.",
  getting_spare_card:
    "You can order a spare card from the Cards screen in the app; it's linked to the same balance.",
  getting_virtual_card:
    "You can create a virtual card instantly in the app under Cards > Add card > Virtual card.",
  lost_or_stolen_card:
    "Sorry to hear that! Freeze your card in the app right away, then order a replacement from the Cards screen.",
  lost_or_stolen_phone:
    "If your phone was lost or stolen, log in from another device and freeze your cards, or call us so we can lock your account.",
  order_physical_card:
    "You can order a physical card in the app under Cards; delivery takes 3 to 5 working days.",
  passcode_forgotten:
    "To reset your passcode, log out of the app, tap Forgot passcode and follow the steps; we'll send a code to your email.",
  pending_card_payment:
    "Card payments stay pending until the merchant completes them, usually within a few days. Cancelled ones drop off by themselves.",
  pending_cash_withdrawal:
    "A cash withdrawal can show as pending for a few days until the ATM operator settles it; you don't need to do anything.",
  pending_top_up:
    "Top-ups can be pending for up to an hour while we check them. If it takes longer, send us the details.",
  pending_transfer:
    "Transfers can be pending for up to 2 working days, longer around bank holidays; the app shows the expected date.",
  pin_blocked:
    "If your PIN is blocked after too many tries, you can unblock it at any ATM with the correct PIN or reset it in the app.",
  receiving_money:
    "To receive money, share your account number and sort code from the Accounts screen in the app.",
  request_refund:
    "Refunds come from the merchant, so ask them first. If they don't respond, you can raise a dispute in the app.",
  Refund_not_showing_up:
    "Merchant refunds can take up to 10 working days to reach your account. If it's been longer, send us the merchant's confirmation.",
  "reverted_card_payment?":
    "A reverted card payment means the merchant cancelled it, so the money is back in your balance.",
  supported_cards_and_currencies:
    "You can top up with Visa or Mastercard debit and credit cards, and hold over 30 currencies.",
  terminate_account:
    "We're sorry to see you go! You can close your account in the app under Profile > Close account once your balance is zero.",
  top_up_by_bank_transfer_charge: "Topping up by bank transfer is always free.",
  top_up_by_card_charge:
    "Card top-ups are free for most cards; some international or business cards carry a small fee.",
  top_up_by_cash_or_cheque:
    "You can't top up with cash or cheques at the moment; please use a bank transfer or a card instead.",
  top_up_failed:
    "A top-up can fail if your bank declined it or the card details are wrong. Check with your bank, then try again.",
  top_up_limits:
    "You can top up as much as you like, but each top-up has to be between 10 and 10,000 in your currency.",
  top_up_reverted:
    "A top-up is reverted when your bank cancels it; the money goes back to the card you used within a few days.",
  topping_up_by_card:
    "To top up by card, open the app, tap Top up, choose Card and enter the amount.",
  transaction_charged_twice:
    "A double charge is usually a pending payment that drops off in a few days. If both complete, report it in the app.",
  transfer_fee_charged:
    "Transfers in your own currency are free; international transfers have a small fee shown before you confirm.",
  transfer_into_account:
    "To transfer money into your account, use the account number and sort code on the Accounts screen of the app.",
  transfer_not_received_by_recipient:
    "Transfers can take up to 2 working days to arrive. If the recipient still hasn't got it, send us the transfer reference.",
  transfer_timing:
    "Transfers in your currency arrive within hours; international transfers take 1 to 3 working days.",
  unable_to_verify_identity:
    "If verification keeps failing, make sure your ID photo is clear and not expired, and that your name matches your profile.",
  verify_my_identity:
    "To verify your identity, open the app, go to Profile > Verify and follow the steps with your ID and a selfie.",
  verify_source_of_funds:
    "We may ask where your money comes from to meet anti-money-laundering rules; a payslip or bank statement is enough.",
  verify_top_up:
    "We sometimes verify a card top-up by charging a small amount with a code in the description; enter it in the app.",
  virtual_card_not_working:
    "If your virtual card isn't working, check it isn't frozen and that online payments are enabled for it in the app.",
  visa_or_mastercard: "Our cards are issued by Mastercard in most countries and by Visa in a few.",
  why_verify_identity:
    "The law requires us to verify who our customers are; it protects your account from fraud too.",
  wrong_amount_of_cash_received:
    "If the ATM gave you less cash than you asked for, report it in the app with the amount and we'll raise it with the ATM operator.",
  wrong_exchange_rate_for_cash_withdrawal:
    "Cash withdrawals abroad use the rate at the moment the ATM operator settles, which may differ slightly from the one shown.",
};
