import { describe, expect, it } from 'vitest';
import { matchProcedure, parseCommand, ratingPayload } from '../../domain/conversation.js';

describe('chat commands, with or without diacritics', () => {
  it.each([
    ['menu', { kind: 'menu' }],
    ['  Danh mục ', { kind: 'menu' }],
    ['thu tuc', { kind: 'menu' }],
    ['help', { kind: 'help' }],
    ['Trợ giúp', { kind: 'help' }],
    ['hướng dẫn', { kind: 'help' }],
    ['tra cứu DHT-261128-0001', { kind: 'status', code: 'DHT-261128-0001' }],
    ['TRA CUU dht-261128-0001', { kind: 'status', code: 'DHT-261128-0001' }],
    ['tracuu', { kind: 'status', code: undefined }],
    ['hủy DHT-261128-0007', { kind: 'withdraw', code: 'DHT-261128-0007' }],
    ['huy ho so DHT-261128-0007', { kind: 'withdraw', code: 'DHT-261128-0007' }],
    ['Hướng dẫn tạm trú', { kind: 'guide', query: 'tam tru' }],
    ['huong dan TAM_TRU', { kind: 'guide', query: 'tam_tru' }],
    ['#danhgia DHT-261128-0001 5', { kind: 'rating', code: 'DHT-261128-0001', rating: 5 }],
    ['#danhgia DHT-261128-0001 9', { kind: 'unknown' }],
    ['Cho tôi hỏi giờ làm việc', { kind: 'unknown' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('builds rating payloads the parser reads back', () => {
    expect(parseCommand(ratingPayload('APD-270101-0042', 3))).toEqual({ kind: 'rating', code: 'APD-270101-0042', rating: 3 });
  });

  it('matches procedures by code or by the words of their name', () => {
    const procs = [
      { code: 'TAM_TRU', name: 'Đăng ký tạm trú, gia hạn tạm trú' },
      { code: 'TAM_VANG', name: 'Khai báo tạm vắng' },
    ];
    expect(matchProcedure('tam tru', procs)?.code).toBe('TAM_TRU');
    expect(matchProcedure('tạm vắng', procs)?.code).toBe('TAM_VANG');
    expect(matchProcedure('tam_vang', procs)?.code).toBe('TAM_VANG');
    expect(matchProcedure('dang ky xe', procs)).toBeUndefined();
    expect(matchProcedure('', procs)).toBeUndefined();
  });
});
