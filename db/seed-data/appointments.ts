// Default appointment slots a unit offers (seeded units, and units admins create); admins adjust
// them per unit in `appointment_capacity`. CCCD biometrics and photo, PCCC site inspections, seal handovers.
export const DEFAULT_APPOINTMENT_CAPACITY = [
  { kind: 'biometrics', slot_minutes: 30, capacity: 4 },
  { kind: 'site_inspection', slot_minutes: 120, capacity: 2 },
  { kind: 'seal_handover', slot_minutes: 30, capacity: 2 },
];
