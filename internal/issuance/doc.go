// Package issuance is the life of a căn cước card application: stations
// where citizens are received, their slots and appointments, the
// application and its approval workflow, the cards it produces, and the
// quotas that campaigns are measured against. It imports no SQL or HTTP
// package; Store is its storage seam and sqlstore implements it.
//
// Vietnamese terms used here:
//   - căn cước: the chip identity card of the 2023 law (Luật Căn cước).
//   - cấp (first issuance), cấp đổi (exchange), cấp lại (re-issue).
//   - CMND: the legacy 9-digit identity card, converted on request.
//   - mời từng người ("invite each person"): the campaign practice of
//     inviting every resident without a valid card to a given slot.
//
// Calendar days (appointment days, promised dates, card dates) are
// time.Time values at midnight UTC that stand for a date in Vietnam; Day
// converts an instant to one.
package issuance
