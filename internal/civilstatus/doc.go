// Package civilstatus holds the procedures through which civil-status
// (hộ tịch) events and ID-number decisions reach the register, as kinds of
// the procedure engine (internal/procedure):
//
//   - khai sinh (birth registration) creates the record, links the
//     parents, places the child in a parent's household and assigns the
//     ID number at birth;
//   - khai tử (death registration) sets the status and death date, which
//     deletes the residence registrations (registry.SettleResidence), and
//     the register's change hooks revoke the cards and notify agencies;
//   - kết hôn and ly hôn (marriage, divorce) link or unlink both spouses;
//   - nhận cha, mẹ, con (parentage recognition) and thay đổi, cải chính
//     hộ tịch (changes and corrections of civil-status data) version the
//     record; a former name stays searchable;
//   - điều chỉnh thông tin hộ (household membership and relation);
//   - hủy, xác lập lại số định danh cá nhân (cancelling and re-establishing
//     an ID number, TT 59/2021 Điều 6) with maker-checker.
//
// The justice system's events (birth, death, marriage, ...) are decided
// by the civil-status authority, so those kinds are Immediate: the register
// records them when they arrive, from the commune desk or posted by the
// hộ tịch system as a partner agency (EventService, idempotent per event id).
// The ID-number kinds are decided by a second officer.
package civilstatus
