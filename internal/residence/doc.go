// Package residence is residence registration under Luật Cư trú 2020
// (68/2020/QH14) and NĐ 154/2024 (amended by NĐ 58/2026), as kinds of the
// procedure engine (internal/procedure): đăng ký thường trú (moving into
// a household, a new household, tách hộ, a new household head), đăng ký
// tạm trú and its gia hạn, thông báo lưu trú, khai báo tạm vắng and xóa
// đăng ký thường trú / tạm trú. Each kind checks its form against the
// register when the dossier is received and re-checks it on the locked
// records when it is approved, changing the records through
// registry.Service so that every change is a version whose reason names
// the procedure and the dossier.
//
// Service reads what the kinds leave behind: a record's residence history
// (each change with the procedure that made it) and the worklist of people
// absent twelve months without tạm trú or tạm vắng (art. 24(1)(d)).
//
// A death deletes the residence registration through one rule,
// registry.SettleResidence, which every register change runs; History
// shows that deletion with its ground and the procedure (khai tử) whose
// version made it.
package residence
