import { describe, expect, it } from 'vitest';
import { applicantSearchText, foldVietnamese, phoneDigits, searchTerms } from '../../domain/text-search.js';

/** Every vowel of the Vietnamese alphabet with each of the five tone marks (and none), precomposed, and đ. */
const ALPHABET: Record<string, string> = {
  a: 'aàáảãạăằắẳẵặâầấẩẫậ',
  e: 'eèéẻẽẹêềếểễệ',
  i: 'iìíỉĩị',
  o: 'oòóỏõọôồốổỗộơờớởỡợ',
  u: 'uùúủũụưừứửữự',
  y: 'yỳýỷỹỵ',
  d: 'dđ',
};
const CONSONANTS = 'bcghklmnpqrstvx';

describe('foldVietnamese', () => {
  it('folds every letter of the alphabet, lower and upper case, to its base letter', () => {
    for (const [base, letters] of Object.entries(ALPHABET)) {
      for (const letter of letters) {
        expect(letter.normalize('NFC')).toHaveLength(1); // really precomposed test data
        expect(foldVietnamese(letter)).toBe(base);
        expect(foldVietnamese(letter.toUpperCase())).toBe(base);
      }
    }
    expect(foldVietnamese(CONSONANTS + CONSONANTS.toUpperCase())).toBe(CONSONANTS + CONSONANTS);
    expect(Object.values(ALPHABET).join('').length).toBe(74); // 72 toned vowels + d, đ
  });

  it('folds combining (decomposed) and precomposed forms alike', () => {
    for (const letter of Object.values(ALPHABET).join('')) {
      const decomposed = letter.normalize('NFD');
      expect(foldVietnamese(decomposed)).toBe(foldVietnamese(letter));
      expect(foldVietnamese(decomposed.toUpperCase())).toBe(foldVietnamese(letter));
    }
    // ê written as e + circumflex + acute, the way some keyboards send "ế".
    expect(foldVietnamese('Nguy\u0065\u0302\u0301n')).toBe('nguyen');
    // Old and new tone placement (hòa / hoà) fold the same.
    expect(foldVietnamese('Hòa')).toBe(foldVietnamese('Hoà'));
  });

  it('folds names and phrases: other or missing diacritics, đ typed as d, spacing', () => {
    expect(foldVietnamese('  Nguyễn   Thị Hồng ')).toBe('nguyen thi hong');
    expect(foldVietnamese('Nguyen Thi Hong')).toBe('nguyen thi hong');
    expect(foldVietnamese('Nguyên Thi Hông')).toBe(foldVietnamese('Nguyễn Thị Hồng'));
    expect(foldVietnamese('Đặng Văn Đức')).toBe('dang van duc');
    expect(foldVietnamese('dang van duc')).toBe(foldVietnamese('ĐẶNG VĂN ĐỨC'));
    expect(foldVietnamese('  ĐĂNG   ký Tạm Trú ')).toBe('dang ky tam tru');
    expect(foldVietnamese('Điều chỉnh thông tin cư trú')).toBe('dieu chinh thong tin cu tru');
    expect(foldVietnamese('Tab\tand\nnewline')).toBe('tab and newline');
  });
});

describe('phone digits and the applicant search text', () => {
  it('keeps only digits, with a full +84 number in national form', () => {
    expect(phoneDigits('0901 234 567')).toBe('0901234567');
    expect(phoneDigits('+84 901-234-567')).toBe('0901234567');
    expect(phoneDigits('84901234567')).toBe('0901234567');
    expect(phoneDigits('8490')).toBe('8490'); // a fragment stays as typed
  });

  it('holds the folded name and the phone digits', () => {
    expect(applicantSearchText({ name: 'Nguyễn Thị Hồng', phone: '+84 901 234 567' })).toBe('nguyen thi hong 0901234567');
    expect(applicantSearchText({ name: 'Trần Văn Ánh' })).toBe('tran van anh');
    expect(applicantSearchText({ phone: '0901234567' })).toBe('0901234567');
    expect(applicantSearchText({ name: '  ', phone: 42 })).toBeNull();
    expect(applicantSearchText({})).toBeNull();
  });

  it('reads a search as folded text, and as phone digits when it is one', () => {
    expect(searchTerms('Nguyen Thị HỒNG')).toEqual({ folded: 'nguyen thi hong' });
    expect(searchTerms('0901 234.567')).toEqual({ folded: '0901 234.567', phone: '0901234567' });
    expect(searchTerms('+84 (901) 234-567')).toEqual({ folded: '+84 (901) 234-567', phone: '0901234567' });
    expect(searchTerms('DHT-2611')).toEqual({ folded: 'dht-2611' });
  });
});
